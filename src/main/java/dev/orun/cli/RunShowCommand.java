package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.store.LoadedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code orun run show}: one run's status, gates, invocations and artifacts. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a run: status, gates, invocations with token and cost totals, artifacts. --json prints the record.")
public final class RunShowCommand implements Runnable {
    @Mixin
    GlobalOptions o;

    @Option(names = "--run", paramLabel = "ID", description = "Run id (or a unique prefix).")
    String run;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Run id, instead of --run.")
    String positional;

    @Override
    public void run() {
        String typed = run != null ? run : positional;
        if (typed == null) {
            throw dev.orun.error.OrunException.usage("missing run id: pass --run ID or the id itself (see 'orun run list')");
        }
        // The tree is all show renders: no typed record is built unless crash detection needs one.
        LoadedRun loaded = o.store().load(o.store().resolveId(typed), false);
        if (o.json()) {
            o.printJson(loaded.tree());
            return;
        }
        render(o.out(), loaded);
    }

    static void render(PrintWriter out, LoadedRun loaded) {
        JsonNode t = loaded.tree();
        JsonNode wf = t.path("workflow");
        out.println(t.path("run_id").asString() + (loaded.legacy() ? "  (legacy record, read-only)" : ""));
        out.printf("  workflow  %s%s  slug %s  depth %s%n", wf.path("name").asString(),
                wf.hasNonNull("version") ? " v" + wf.path("version").asString() : "", wf.path("slug").asString("-"),
                t.path("depth").asString("-"));
        if (wf.hasNonNull("artifact_path")) {
            out.printf("  artifacts %s%n", wf.path("artifact_path").asString());
        }
        out.printf("  status    %s  started %s  finished %s%n", t.path("status").asString(),
                t.path("started_at").asString("-"), t.path("finished_at").asString("-"));
        if (t.path("prompt").isObject()) {
            out.printf("  prompt    %s  sha256 %s%n", t.path("prompt").path("file").asString(),
                    shortSha(t.path("prompt").path("sha256").asString("")));
        }
        if (t.hasNonNull("replay_of")) {
            out.printf("  replay of %s%n", t.path("replay_of").asString());
        }
        out.println();
        out.println("Gates");
        for (JsonNode g : t.path("gates")) {
            JsonNode attempts = g.path("attempts");
            JsonNode last = attempts.size() > 0 ? attempts.get(attempts.size() - 1) : null;
            String reason = last != null && last.hasNonNull("failure_reason") ? "  " + last.path("failure_reason").asString() : "";
            out.printf("  %-4s %-11s %-28s attempts %d%s%n", g.path("gate").asString(), g.path("status").asString(),
                    g.path("name").asString(""), attempts.size(), reason);
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
        out.printf("Invocations (%d)  tokens %d in / %d out / %d total%s%n", invs.size(), in, outTokens, in + outTokens,
                anyCost ? String.format(Locale.ROOT, "  cost $%.4f", cost) : "");
        for (JsonNode i : invs) {
            out.printf("  %-26s %-4s %-24s %-11s %s%s%n", i.path("invocation_id").asString(), i.path("gate").asString("-"),
                    i.path("agent").asString(), i.path("status").asString(),
                    i.hasNonNull("model") ? i.path("model").asString() + " " : "",
                    i.hasNonNull("duration_ms") ? i.path("duration_ms").asLong() + " ms" : "");
        }
        JsonNode arts = t.path("artifacts_index");
        out.println();
        out.printf("Artifacts (%d)%n", arts.size());
        for (JsonNode a : arts) {
            String path = a.hasNonNull("resolved_path") ? a.path("resolved_path").asString() : a.path("path").asString();
            out.printf("  %-56s %s  %s%n", path, shortSha(a.path("sha256").asString("")),
                    a.path("gate").asString("-") + (a.hasNonNull("attempt") ? "#" + a.path("attempt").asInt() : ""));
        }
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
