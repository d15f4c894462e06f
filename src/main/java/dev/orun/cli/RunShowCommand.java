package dev.orun.cli;

import dev.orun.cli.support.Columns;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.store.LoadedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code orun run show}: one run's status, gates, invocations and artifacts. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a run: status, gates, invocations with token and cost totals, artifacts. --json prints the record.")
public final class RunShowCommand implements Runnable {
    private final Services services;

    public RunShowCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--run", paramLabel = "ID", completionCandidates = dev.orun.cli.support.Candidates.Runs.class, description = "Run id (or a unique prefix).")
    String run;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", completionCandidates = dev.orun.cli.support.Candidates.Runs.class, description = "Run id, instead of --run.")
    String positional;

    @Override
    public void run() {
        String typed = run != null ? run : positional;
        if (typed == null) {
            throw dev.orun.error.OrunException.usage("missing run id: pass --run ID or the id itself (see 'orun run list')");
        }
        // The tree is all show renders: no typed record is built unless crash detection needs one.
        LoadedRun loaded = services.store().load(services.store().resolveId(typed), false);
        if (global.json()) {
            global.printJson(loaded.tree());
            return;
        }
        render(global.out(), loaded, services.paths());
    }

    /** Renders the run; by hand rather than with printf, whose Formatter costs ~15 ms of a ~70 ms start. */
    static void render(PrintWriter out, LoadedRun loaded, dev.orun.store.OrunPaths paths) {
        JsonNode t = loaded.tree();
        JsonNode wf = t.path("workflow");
        out.println(t.path("run_id").asString() + (loaded.legacy() ? "  (legacy record, read-only)" : ""));
        out.println("  workflow  " + wf.path("name").asString() + (wf.hasNonNull("version") ? " v" + wf.path("version").asString() : "")
                + "  slug " + wf.path("slug").asString("-") + "  depth " + t.path("depth").asString("-"));
        if (wf.hasNonNull("artifact_path")) {
            out.println("  artifacts " + wf.path("artifact_path").asString());
        }
        if (wf.hasNonNull("variant") || wf.hasNonNull("build_model")) {
            out.println("  variant   " + wf.path("variant").asString("-") + "  build model " + wf.path("build_model").asString("-"));
        }
        out.println("  status    " + t.path("status").asString() + "  started " + t.path("started_at").asString("-")
                + "  finished " + t.path("finished_at").asString("-"));
        if (t.path("prompt").isObject()) {
            out.println("  prompt    " + t.path("prompt").path("file").asString() + "  sha256 "
                    + shortSha(t.path("prompt").path("sha256").asString("")));
        }
        if (t.hasNonNull("replay_of")) {
            out.println("  replay of " + t.path("replay_of").asString());
        }
        if (t.path("vars").isObject() && !t.path("vars").isEmpty()) {
            StringBuilder vars = new StringBuilder("  vars     ");
            for (var e : t.path("vars").properties()) {
                vars.append(' ').append(e.getKey()).append('=').append(e.getValue().asString());
            }
            out.println(vars);
        }
        if (t.path("status").asString().equals("PAUSED")) {
            String runId = t.path("run_id").asString();
            for (JsonNode g : t.path("gates")) {
                if (g.path("status").asString().equals("RUNNING")) {
                    java.nio.file.Path packet = paths.logsDir(runId).resolve("gates").resolve(g.path("gate").asString()).resolve("prompt.txt");
                    out.println("  paused    at gate " + g.path("gate").asString() + " for a person; prompt packet "
                            + paths.relative(packet));
                }
            }
            out.println("  continue  orun run resume --run " + runId + "  (when the outputs are ready)");
        }
        out.println();
        out.println("Gates");
        JsonNode gates = t.path("gates");
        int gateW = Columns.width(4, texts(gates, "gate"));
        int nameW = Columns.width(28, texts(gates, "name"));
        int statusW = Columns.width(11, texts(gates, "status"));
        for (JsonNode g : gates) {
            JsonNode attempts = g.path("attempts");
            JsonNode last = attempts.size() > 0 ? attempts.get(attempts.size() - 1) : null;
            String reason = last != null && last.hasNonNull("failure_reason") ? "  " + last.path("failure_reason").asString() : "";
            StringBuilder line = new StringBuilder("  ");
            Columns.pad(line, g.path("gate").asString(), gateW, 1);
            Columns.pad(line, g.path("status").asString(), statusW, 1);
            Columns.pad(line, g.path("name").asString(""), nameW, 1);
            // A model agent's attempt says who and which model did it, so self-approval is visible at a glance.
            JsonNode agentRun = last == null ? null : last.get("agent_run");
            String by = agentRun == null ? "" : "  by " + last.path("agent").asString("?") + " (" + agentRun.path("model").asString()
                    + ", " + agentRun.path("stop_reason").asString() + ", " + agentRun.path("rounds").asInt() + " rounds)";
            out.println(line.append("attempts ").append(attempts.size()).append(by).append(reason));
        }
        JsonNode invs = t.path("invocations");
        long in = 0;
        long outTokens = 0;
        double cost = 0;
        boolean anyCost = false;
        for (JsonNode i : invs) {
            in += i.path("tokens").path("prompt").asLong(0);
            outTokens += i.path("tokens").path("completion").asLong(0);
            if (i.hasNonNull("cost_usd")) {
                cost += i.path("cost_usd").asDouble();
                anyCost = true;
            }
        }
        out.println();
        out.println("Invocations (" + invs.size() + ")  tokens " + in + " in / " + outTokens + " out / " + (in + outTokens)
                + " total" + (anyCost ? String.format(Locale.ROOT, "  cost $%.4f", cost) : ""));
        int idW = Columns.width(26, texts(invs, "invocation_id"));
        int invGateW = Columns.width(4, texts(invs, "gate"));
        int agentW = Columns.width(24, texts(invs, "agent"));
        int invStatusW = Columns.width(11, texts(invs, "status"));
        for (JsonNode i : invs) {
            StringBuilder line = new StringBuilder("  ");
            Columns.pad(line, i.path("invocation_id").asString(), idW, 1);
            Columns.pad(line, i.path("gate").asString("-"), invGateW, 1);
            Columns.pad(line, i.path("agent").asString(), agentW, 1);
            Columns.pad(line, i.path("status").asString(), invStatusW, 1);
            out.println(line.append(i.hasNonNull("model") ? i.path("model").asString() + " " : "")
                    .append(i.hasNonNull("duration_ms") ? i.path("duration_ms").asLong() + " ms" : ""));
        }
        JsonNode arts = t.path("artifacts_index");
        // The seed indexed templates ({artifact_path}/page.tsx, {client_component}): shown resolved as it resolves them.
        java.util.Map<String, String> legacyVars = loaded.legacy() ? legacyValues(paths == null ? null : paths.root(), wf) : java.util.Map.of();
        out.println();
        out.println("Artifacts (" + arts.size() + ")");
        List<String> artPaths = new java.util.ArrayList<>();
        for (JsonNode a : arts) {
            artPaths.add(a.hasNonNull("resolved_path") ? a.path("resolved_path").asString()
                    : dev.orun.workflow.Placeholders.fill(a.path("path").asString(), legacyVars));
        }
        int pathW = Columns.width(56, artPaths);
        for (int k = 0; k < arts.size(); k++) {
            JsonNode a = arts.get(k);
            String path = artPaths.get(k);
            StringBuilder line = new StringBuilder("  ");
            Columns.pad(line, path, pathW, 1);
            out.println(line.append(shortSha(a.path("sha256").asString(""))).append("  ")
                    .append(a.path("gate").asString("-") + (a.hasNonNull("attempt") ? "#" + a.path("attempt").asInt() : "")));
        }
    }

    /** The text of field {@code name} of each element of {@code array} (missing: empty). */
    private static List<String> texts(JsonNode array, String name) {
        List<String> out = new java.util.ArrayList<>(array.size());
        for (JsonNode n : array) {
            out.add(n.path(name).asString(""));
        }
        return out;
    }

    private static java.util.Map<String, String> legacyValues(java.nio.file.Path root, JsonNode wf) {
        java.util.Map<String, String> v = new java.util.HashMap<>();
        String artifactPath = wf.hasNonNull("artifact_path") ? wf.path("artifact_path").asString() : null;
        if (wf.hasNonNull("slug")) {
            v.put("slug", wf.path("slug").asString());
        }
        if (artifactPath != null) {
            v.put("artifact_path", artifactPath);
            String client = root == null ? null : dev.orun.gate.ClientComponent.discover(root, artifactPath);
            if (client != null) {
                v.put(dev.orun.gate.ClientComponent.VARIABLE, client);
            }
        }
        return v;
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
