package dev.orun.cli;

import dev.orun.agent.AgentPrompts;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun agent list}: the agents the workflows name, found or not, with their compiled prompt size. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the agents the workflows name, found or not, with their compiled prompt size.",
                "For each gate: the agent's .md file under orchestration/agents/ (or NOT FOUND), the size of the compiled",
                "system prompt, and whether a model agent does the gate. Exit 1 when a model gate's agent is not found."})
public final class AgentListCommand implements Callable<Integer> {
    private final Services services;

    public AgentListCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--workflow", paramLabel = "W", description = "Only this workflow.")
    String workflow;

    @Override
    public Integer call() {
        RoutingTable table = RoutingTable.load(services.paths(), services.schemas());
        AgentPrompts prompts = new AgentPrompts(services.paths());
        List<String> names = workflow == null ? services.workflows().names() : List.of(workflow);
        if (names.isEmpty()) {
            throw OrunException.notFound("no workflows in " + services.workflows().folders().stream().map(services.paths()::relative).toList()
                    + ": add one (orun init writes hello)");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean missingModelAgent = false;
        for (String name : names) {
            Workflow wf = services.workflows().find(name);
            for (WorkflowGate wg : wf.gates()) {
                Path file = wg.agent() == null ? null : prompts.find(wg.agent());
                boolean model = table.isModelGate(wg);
                Integer chars = null;
                if (file != null) {
                    var s = table.resolve(wg.gate(), wg);
                    chars = prompts.compile(wg.agent(), new AgentPrompts.GateContext(wg.gate(), wg.name(), null, null, List.of()),
                            s.tools()).length();
                }
                missingModelAgent |= model && file == null;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("workflow", wf.name());
                r.put("gate", wg.gate());
                r.put("agent", wg.agent());
                r.put("file", file == null ? null : services.paths().relative(file));
                r.put("found", file != null);
                r.put("prompt_chars", chars);
                r.put("prompt_tokens_estimate", chars == null ? null : (chars + 3) / 4);
                r.put("model_gate", model);
                rows.add(r);
            }
        }
        if (global.json()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("agents_folder", services.paths().relative(prompts.folder()));
            d.put("agents", rows);
            global.printJson(d);
        } else {
            PrintWriter out = global.out();
            out.println("agents folder: " + services.paths().relative(prompts.folder()));
            for (Map<String, Object> r : rows) {
                Object chars = r.get("prompt_chars");
                out.println(String.format("  %-16s %-8s %-36s %s%s", r.get("workflow"), r.get("gate"),
                        r.get("agent") == null ? "(no agent)" : r.get("agent"),
                        r.get("file") == null ? "NOT FOUND" : r.get("file") + "  " + AgentConsole.n(((Integer) chars).longValue())
                                + " chars (~" + AgentConsole.n(((Integer) r.get("prompt_tokens_estimate")).longValue()) + " tokens)",
                        Boolean.TRUE.equals(r.get("model_gate")) ? "  [model gate]" : ""));
            }
        }
        return missingModelAgent ? 1 : 0;
    }
}
