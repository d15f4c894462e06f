package dev.orun.cli;

import dev.orun.agent.AgentSettings;
import dev.orun.agent.RoutingTable;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.error.OrunException;
import dev.orun.workflow.Workflow;
import dev.orun.workflow.WorkflowGate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun agent config}: the resolved model-agent settings of a gate, and where each came from. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print a gate's resolved model-agent settings and where each came from.",
                "Model, provider, budgets, rounds, temperature and tools, each from the workflow, the routing table's gate",
                "entry or defaults, or orun's default. Without --gate, one line per gate of the routing table."})
public final class AgentConfigCommand implements Callable<Integer> {
    private final Services services;

    public AgentConfigCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--gate", paramLabel = "Gx", description = "The gate to show.")
    String gate;

    @Option(names = "--workflow", paramLabel = "W", description = "Apply this workflow's gate entry (its model) too.")
    String workflow;

    @Option(names = "--run", paramLabel = "ID", description = "Apply the workflow of this run.")
    String run;

    @Override
    public Integer call() {
        RoutingTable table = RoutingTable.load(services.paths(), services.schemas());
        Workflow wf = null;
        if (run != null && workflow != null) {
            throw OrunException.usage("--run and --workflow both name a workflow: give one");
        }
        if (run != null) {
            wf = services.workflows().find(services.store().read(services.store().resolveId(run)).workflow().name());
        } else if (workflow != null) {
            wf = services.workflows().find(workflow);
        }
        PrintWriter out = global.out();
        if (gate == null) {
            List<String> ids = new ArrayList<>(table.gates());
            if (wf != null) {
                wf.gates().forEach(g -> {
                    if (!ids.contains(g.gate())) {
                        ids.add(g.gate());
                    }
                });
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String id : ids) {
                WorkflowGate wg = wf == null ? null : wf.gate(id);
                rows.add(doc(table.resolve(id, wg), wg == null ? table.hasGate(id) : table.isModelGate(wg)));
            }
            if (global.json()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("routing_table", table.where());
                d.put("gates", rows);
                global.printJson(d);
                return 0;
            }
            out.println("routing table: " + (table.where() == null ? "(none: orun's defaults)" : table.where()));
            for (Map<String, Object> r : rows) {
                out.println(String.format("  %-8s %-22s %-9s in %11s  out %9s  rounds %3s  temp %s%s", r.get("gate"), r.get("model"),
                        r.get("provider"), AgentConsole.n((Long) r.get("max_input_tokens")),
                        AgentConsole.n((Long) r.get("max_output_tokens")), r.get("max_tool_rounds"), r.get("temperature"),
                        Boolean.TRUE.equals(r.get("model_gate")) ? "" : "  (not a model gate)"));
            }
            return 0;
        }
        WorkflowGate wg = wf == null ? null : wf.gate(gate);
        if (wf != null && wg == null) {
            throw OrunException.notFound("gate " + gate + " is not in workflow " + wf.name() + ": gates are "
                    + wf.gates().stream().map(WorkflowGate::gate).toList());
        }
        AgentSettings s = table.resolve(gate, wg);
        boolean modelGate = wg == null ? table.hasGate(gate) : table.isModelGate(wg);
        Map<String, Object> d = doc(s, modelGate);
        d.put("routing_table", table.where());
        d.put("sources", s.sources());
        if (global.json()) {
            global.printJson(d);
            return 0;
        }
        out.println("gate " + gate + (wf == null ? "" : " of workflow " + wf.name()) + ": "
                + (modelGate ? "a model agent does it" : wg != null && wg.hasExec() ? "its exec command does it (not a model gate)"
                : "not a model gate (no model in the workflow, no entry in the routing table)"));
        out.println("routing table: " + (table.where() == null ? "(none: orun's defaults)" : table.where()));
        row(out, "model", s.model(), s);
        row(out, "provider", s.provider(), s);
        row(out, "max_input_tokens", AgentConsole.n(s.maxInputTokens()) + " (cumulative over rounds)", s);
        row(out, "max_output_tokens", AgentConsole.n(s.maxOutputTokens()) + " (cumulative over rounds)", s);
        row(out, "max_tool_rounds", String.valueOf(s.maxToolRounds()), s);
        row(out, "max_tokens_per_call", AgentConsole.n(s.maxTokensPerCall()), s);
        row(out, "temperature", String.valueOf(s.temperature()), s);
        row(out, "tools", String.join(", ", s.tools()), s);
        if (s.rationale() != null) {
            out.println("  rationale            " + s.rationale());
        }
        return 0;
    }

    private static void row(PrintWriter out, String key, String value, AgentSettings s) {
        out.println(String.format("  %-20s %-36s %s", key, value, s.sources().getOrDefault(key, "")));
    }

    private static Map<String, Object> doc(AgentSettings s, boolean modelGate) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("gate", s.gate());
        d.put("model_gate", modelGate);
        d.put("model", s.model());
        d.put("provider", s.provider());
        d.put("max_input_tokens", s.maxInputTokens());
        d.put("max_output_tokens", s.maxOutputTokens());
        d.put("max_tool_rounds", s.maxToolRounds());
        d.put("max_tokens_per_call", s.maxTokensPerCall());
        d.put("temperature", s.temperature());
        d.put("tools", s.tools());
        d.put("rationale", s.rationale());
        return d;
    }
}
