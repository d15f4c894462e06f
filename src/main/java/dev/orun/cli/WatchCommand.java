package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.RunTarget;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.observe.RunFollower;
import dev.orun.run.Durations;
import dev.orun.run.Invocation;
import dev.orun.run.RunEvent;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code orun watch}: follow a run live until it ends or pauses; exit with its status. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a run live: gate changes, agents' output, a model agent's rounds against its budgets.",
                "Exits when the run ends or pauses: 0 PASSED, 1 FAILED, CANCELED or INTERRUPTED, 10 PAUSED."})
public final class WatchCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    GlobalOptions o;

    @Mixin
    RunTarget target;

    @Option(names = "--from-start", description = "Show the run's events so far first (default: only what happens next).")
    boolean fromStart;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "200ms",
            description = "How often to look (default: ${DEFAULT-VALUE}).")
    String interval;

    @Override
    public Integer call() {
        String id = target.runId(o);
        boolean live = o.ctx().terminal() && !o.json();
        PrintWriter out = o.out();
        List<Map<String, Object>> events = new ArrayList<>();
        int[] lines = {0};
        long[] tokens = {0};
        double[] cost = {0};
        List<tools.jackson.databind.JsonNode> progress = new ArrayList<>();
        RunFollower.Listener listener = new RunFollower.Listener() {
            private String status = "";
            private String budget = "";

            @Override
            public void progress(RunRecord run, tools.jackson.databind.JsonNode p) {
                String type = p.path("type").asString("");
                String figures = figures(p);
                budget = "  " + p.path("gate").asString() + " " + figures;
                if (o.json()) {
                    progress.add(p);
                    return;
                }
                String at = p.path("at").asString("");
                String time = at.length() >= 23 ? at.substring(11, 23) : at;
                if (type.equals("reply")) {
                    print(time + "  AGENT_ROUND " + p.path("gate").asString() + "  " + p.path("agent").asString() + " " + figures
                            + (p.path("tool_calls").asInt() > 0 ? ", " + p.path("tool_calls").asInt() + " tool call"
                            + (p.path("tool_calls").asInt() == 1 ? "" : "s") : ""));
                } else if (type.equals("stop")) {
                    print(time + "  AGENT_STOPPED " + p.path("gate").asString() + "  " + p.path("agent").asString() + " stopped: "
                            + p.path("stop_reason").asString() + " after " + figures);
                } else if (type.equals("request") && live) {
                    tick(run);
                }
            }

            @Override
            public void event(RunRecord run, RunEvent e, Invocation inv) {
                String figures = "";
                boolean ended = e.type().endsWith("_FINISHED") || e.type().endsWith("_RECORDED") || e.type().endsWith("_KILLED");
                if (inv != null && ended) {
                    tokens[0] += inv.tokens().total();
                    cost[0] += inv.costUsd() == null ? 0 : inv.costUsd();
                    figures = inv.tokens().total() == 0 && inv.costUsd() == null ? "" : "  [tokens " + inv.tokens().prompt() + " in / "
                            + inv.tokens().completion() + " out" + (inv.costUsd() == null ? "" : ", $" + inv.costUsd()) + "]";
                }
                if (e.type().startsWith("GATE_") && e.gate() != null && e.attempt() != null) {
                    figures = budget(run, e.gate(), e.attempt());
                }
                if (o.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("timestamp", e.timestamp());
                    m.put("type", e.type());
                    m.put("gate", e.gate());
                    m.put("message", e.message());
                    events.add(m);
                    return;
                }
                print(e.timestamp().substring(11, 23) + "  " + e.type() + (e.gate() == null ? "" : " " + e.gate())
                        + "  " + e.message() + figures);
            }

            @Override
            public void output(Invocation inv, String line) {
                lines[0]++;
                if (!o.json()) {
                    print("  " + inv.gate() + " " + inv.agent() + " | " + line);
                }
            }

            @Override
            public void tick(RunRecord run) {
                if (!live) {
                    return;
                }
                long running = run.invocations().stream().filter(i -> i.finishedAt() == null).count();
                status = id + "  " + run.status() + "  gates " + run.gates().stream().filter(g -> g.status().name().equals("PASS")).count()
                        + "/" + run.gates().size() + "  agents running " + running + "  tokens " + tokens[0]
                        + (cost[0] == 0 ? "" : "  $" + String.format("%.4f", cost[0])) + budget;
                out.print("\r\033[K" + status);
                out.flush();
            }

            private void print(String line) {
                if (live) {
                    out.print("\r\033[K" + line + "\n" + status);
                } else {
                    out.println(line);
                }
                out.flush();
            }
        };
        RunRecord end;
        try {
            end = new RunFollower(o.store(), Durations.parse(interval, "--interval")).follow(id, fromStart, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OrunException.failed("watch of " + id + " interrupted");
        }
        if (o.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", id);
            doc.put("status", end.status());
            doc.put("events", events);
            doc.put("output_lines", lines[0]);
            doc.put("agent_progress", progress);
            o.printJson(doc);
        } else {
            if (live) {
                out.print("\r\033[K");
            }
            out.println(id + " " + end.status() + (end.status() == RunStatus.PAUSED || end.status() == RunStatus.INTERRUPTED
                    ? ": continue with 'orun run resume --run " + id + "'" : ""));
            out.flush();
        }
        return (end.status() == RunStatus.PASSED ? Exit.OK : end.status() == RunStatus.PAUSED ? Exit.PAUSED : Exit.FAILED).code();
    }

    /** A progress line's figures: "round 2/8, tokens in 2000/100000, out 400/20000, $0.0123". */
    static String figures(tools.jackson.databind.JsonNode p) {
        return "round " + p.path("round").asLong() + "/" + p.path("max_tool_rounds").asLong()
                + ", tokens in " + p.path("input_tokens").asLong() + "/" + p.path("max_input_tokens").asLong()
                + ", out " + p.path("output_tokens").asLong() + "/" + p.path("max_output_tokens").asLong()
                + (p.path("cost_usd").isNumber() ? ", $" + String.format(java.util.Locale.ROOT, "%.4f", p.path("cost_usd").asDouble()) : "");
    }

    /**
     * A model agent's attempt against its budget, from the attempt's {@code agent_run} (issue 16's records; read from
     * the JSON so that older record models simply have none): "[model M: stop S, in X of MAX, out Y of MAX, rounds R of MAX]".
     */
    static String budget(RunRecord run, String gate, int attempt) {
        tools.jackson.databind.JsonNode tree = dev.orun.schema.Json.STRICT.valueToTree(run);
        for (tools.jackson.databind.JsonNode g : tree.path("gates")) {
            if (!gate.equals(g.path("gate").asString())) {
                continue;
            }
            for (tools.jackson.databind.JsonNode a : g.path("attempts")) {
                tools.jackson.databind.JsonNode ar = a.path("agent_run");
                if (a.path("attempt").asInt() == attempt && ar.isObject()) {
                    return "  [" + ar.path("model").asString() + ": stop " + ar.path("stop_reason").asString()
                            + ", tokens in " + ar.path("input_tokens").asLong() + " of " + ar.path("max_input_tokens").asLong()
                            + ", out " + ar.path("output_tokens").asLong() + " of " + ar.path("max_output_tokens").asLong()
                            + ", rounds " + ar.path("rounds").asLong() + " of " + ar.path("max_tool_rounds").asLong()
                            + (ar.has("cost_usd") ? ", $" + ar.path("cost_usd").asDouble() : "") + "]";
                }
            }
        }
        return "";
    }
}
