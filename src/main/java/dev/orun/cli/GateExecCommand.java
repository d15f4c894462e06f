package dev.orun.cli;

import dev.orun.cli.support.GateTarget;
import dev.orun.cli.support.AgentName;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.error.OrunException;
import dev.orun.run.Durations;
import dev.orun.workflow.AgentRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun gate exec}: run an agent command for a gate, record the invocation, then finish the gate. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run an agent command for a gate, record the invocation, then finish the gate.",
                "Starts the gate (or joins its running attempt) and streams the agent's output to the terminal and",
                "logs/invocations/<id>/output.log. In CMD, {prompt_file}, {artifact_path}, {slug}, {run_id}, {workflow},",
                "{depth} and --var names are replaced. Exit 0 when the gate passes."})
public final class GateExecCommand implements Callable<Integer> {
    private final Services services;

    public GateExecCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    GateTarget target;

    @Option(names = "--agent", required = true, paramLabel = "A", description = "Name of the agent, as the record shows it.")
    String agent;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Kill the agent and its children after this long (e.g. 90s, 20m).")
    String timeout;

    @Option(names = "--no-finish", description = "Only run and record the agent; finish the gate later with 'orun gate finish'.")
    boolean noFinish;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The agent command and its arguments, after '--'.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        AgentName.check(agent);
        String id = target.runId(services);
        String gate = target.gate;
        var limit = timeout == null ? null : Durations.parse(timeout, "--timeout");
        if (limit != null && limit.isZero()) {
            throw OrunException.usage("--timeout " + timeout + " is zero: give a positive duration such as 90s");
        }
        PrintWriter talk = global.json() ? global.err() : global.out();
        AgentRunner.Result r = services.agents().exec(new AgentRunner.Request(id, gate, agent, command, false, limit,
                !noFinish, true), talk, global.err());
        var inv = r.invocation();
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", id);
            doc.put("gate", gate);
            doc.put("joined", r.joined());
            doc.put("packet", r.packet());
            doc.put("log", r.log());
            doc.put("invocation", inv);
            doc.put("gate_result", r.gate() == null ? null : r.gate().json(id, gate));
            global.printJson(doc);
        } else {
            talk.println("agent " + inv.agent() + ": " + inv.status() + (inv.exitCode() == null ? "" : " (exit " + inv.exitCode() + ")")
                    + " in " + inv.durationMs() + " ms" + (inv.reason() == null ? "" : ": " + inv.reason()));
            talk.println("  invocation " + inv.invocationId() + (r.joined() ? " (joined the running attempt)" : "")
                    + "; output log " + r.log());
            if (r.gate() != null) {
                GateFinishCommand.render(talk, id, gate, r.gate());
            }
        }
        if (r.gate() != null) {
            return r.gate().passed() ? 0 : 1;
        }
        return r.agentSucceeded() ? 0 : 1;
    }
}
