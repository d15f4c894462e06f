package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.workflow.GateService;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wiring and the JSON shape shared by the gate commands. */
final class GateCommands {
    private GateCommands() {
    }

    static GateService service(GlobalOptions o) {
        return new GateService(o.store(), o.workflows(), o.schemas(), o.ctx().clock(), o.ctx().env());
    }

    /** With {@code offline}, network checks are not made (as with ORUN_OFFLINE=1): they say so in a warning. */
    static GateService service(GlobalOptions o, boolean offline) {
        if (!offline) {
            return service(o);
        }
        Map<String, String> env = new java.util.HashMap<>(o.ctx().env());
        env.put("ORUN_OFFLINE", "1");
        return new GateService(o.store(), o.workflows(), o.schemas(), o.ctx().clock(), env);
    }

    /** An --agent given empty would be recorded as a nameless agent: refused before anything is written. */
    static String agent(String agent) {
        if (agent != null && agent.isBlank()) {
            throw dev.orun.error.OrunException.usage("--agent is empty: name who does the work (e.g. --agent greeter)");
        }
        String control = agent == null ? null : dev.orun.schema.ControlCharacters.first(agent, false);
        if (control != null) {
            throw dev.orun.error.OrunException.usage("--agent '" + dev.orun.schema.ControlCharacters.printable(agent)
                    + "' contains the control character " + control + ": remove it");
        }
        return agent;
    }

    static Map<String, Object> json(String runId, String gate, GateService.FinishResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", runId);
        doc.put("gate", gate);
        doc.put("status", r.attempt().status());
        doc.put("run_status", r.run().status());
        doc.put("attempt_file", r.attemptFile());
        doc.put("attempt", r.attempt());
        return doc;
    }
}
