package dev.orun.cli;

import dev.orun.cli.support.GateTarget;
import dev.orun.cli.support.AgentName;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.workflow.GateService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code orun gate start}: begin an attempt at a gate. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start an attempt at a gate. A gate already RUNNING or PASS is left as it is unless --force.")
public final class GateStartCommand implements Runnable {
    private final Services services;

    public GateStartCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    GateTarget target;

    @Option(names = "--agent", paramLabel = "A", description = "Who works on the attempt (default: the workflow's agent).")
    String agent;

    @Option(names = "--force", description = "Start a new attempt even when the gate is RUNNING or PASS.")
    boolean force;

    @Option(names = "--reopen", description = "Reopen a FAILED or CANCELED run for this attempt (the record gets a RUN_REOPENED event).")
    boolean reopen;

    @Override
    public void run() {
        AgentName.check(agent);
        String id = target.runId(services);
        String gate = target.gate;
        GateService.StartResult r = services.gates().start(id, gate, agent, force, null, reopen);
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", id);
            doc.put("gate", gate);
            doc.put("started", r.started());
            doc.put("note", r.note());
            doc.put("attempt", r.attempt());
            global.printJson(doc);
            return;
        }
        if (!r.started()) {
            global.out().println(r.note());
            return;
        }
        global.out().println(gate + " attempt " + r.attempt().attempt() + " RUNNING" + (r.attempt().agent() == null ? ""
                : " (agent " + r.attempt().agent() + ")") + " in " + id);
        global.out().println("  when the outputs are ready: orun gate finish --run " + id + " --gate " + gate);
    }
}
