package dev.orun.cli;

import dev.orun.agent.AgentGate;
import dev.orun.agent.AgentLoop;
import dev.orun.cli.support.GateTarget;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.workflow.GateService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun agent execute}: a model agent does the gate; then it is validated (and retried up to max_attempts). */
@Command(name = "execute", mixinStandardHelpOptions = true,
        description = {"Run a gate with its model agent, then validate it; retry a failed attempt up to max_attempts.",
                "The agent's orchestration/agents/**/<agent>.md is the system prompt, the gate's prompt packet the first",
                "message; the model may call read_file, list_directory and write_file (confined to the repository; writes",
                "to the artifact path and the gate's outputs) until it stops, a budget of the routing table is exceeded or",
                "max_tool_rounds is reached. Each round is an invocation in the record. Exit 0 when the gate passes."})
public final class AgentExecuteCommand implements Callable<Integer> {
    private final Services services;

    public AgentExecuteCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    GateTarget target;

    @Override
    public Integer call() {
        String id = target.runId(services);
        PrintWriter talk = global.json() ? global.err() : global.out();
        GateService gates = services.gates();
        AgentGate agent = services.agentGate(gates, services.agents(gates), AgentConsole.progress(global, services.ctx()));
        AgentGate.Execution ex = agent.execute(id, target.gate, talk);
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", id);
            doc.put("gate", target.gate);
            List<Map<String, Object>> attempts = new ArrayList<>();
            for (AgentLoop.Result r : ex.attempts()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("stop_reason", r.stopReason());
                a.put("detail", r.detail());
                a.put("rounds", r.rounds());
                a.put("model", r.model());
                a.put("input_tokens", r.totals().input());
                a.put("output_tokens", r.totals().output());
                a.put("cost_usd", r.totals().costUsd());
                a.put("files_written", r.writes());
                attempts.add(a);
            }
            doc.put("agent_attempts", attempts);
            doc.put("gate_result", ex.verdict().json(id, target.gate));
            global.printJson(doc);
        } else {
            GateFinishCommand.render(talk, id, target.gate, ex.verdict());
        }
        return ex.passed() ? 0 : 1;
    }
}
