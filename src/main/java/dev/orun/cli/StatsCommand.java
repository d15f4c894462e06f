package dev.orun.cli;

import dev.orun.cli.support.Columns;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.observe.RunStats;
import dev.orun.observe.StatsIndex;
import dev.orun.store.RunQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code orun stats}: pass rates, attempts, durations, tokens and cost per workflow and gate. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Show runs, pass rate, attempts per pass, durations, tokens and cost per workflow and gate.",
                "ENDED counts the runs that ended (PASSED, FAILED, CANCELED; a gate PASS or FAIL) and PASS is the share",
                "of those that passed: runs still open count in RUNS only. Durations are p50/p90/p99. From the records, through a",
                "gitignored cache (runs/.cache/stats-index.tsv)."})
public final class StatsCommand implements Runnable {
    /** --since when none is given. */
    static final String DEFAULT_SINCE = "30d";

    private final Services services;

    public StatsCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--since", paramLabel = "DATE|DURATION", defaultValue = DEFAULT_SINCE,
            description = "Runs started since a date (2026-01-20) or within a duration (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--workflow", paramLabel = "W", description = "Only this workflow.")
    String workflow;

    @Override
    public void run() {
        Instant from = RunQuery.parseSince(since, services.ctx().clock());
        List<RunStats.Row> rows = RunStats.compute(new StatsIndex(services.store()).all(w -> global.err().println("orun: warning: " + w)),
                from, workflow);
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>(); // fixed key order (Map.of's changes from one JVM to the next)
            doc.put("since", from == null ? "" : from.toString());
            doc.put("rows", rows.stream().map(StatsCommand::json).toList());
            global.printJson(doc);
            return;
        }
        if (rows.isEmpty()) {
            global.out().println("no runs since " + since + (workflow == null ? "" : " of workflow " + workflow));
            return;
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "WORKFLOW/GATE", "RUNS", "ENDED", "PASS", "ATT/PASS", "P50", "P90", "P99", "TOKENS", "COST");
        for (RunStats.Row r : rows) {
            line(sb, r.gate() == null ? r.workflow() : "  " + r.gate(), String.valueOf(r.runs()), String.valueOf(r.ended()),
                    r.passRate() == null ? "-" : String.format(Locale.ROOT, "%.0f%%", r.passRate() * 100),
                    r.attemptsPerPass() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.attemptsPerPass()),
                    ms(r.p50Ms()), ms(r.p90Ms()), ms(r.p99Ms()), String.valueOf(r.tokensIn() + r.tokensOut()),
                    r.costUsd() == 0 ? "-" : String.format(Locale.ROOT, "$%.4f", r.costUsd()));
        }
        global.out().print(sb);
    }

    private static String ms(Long v) {
        return v == null ? "-" : PsCommand.elapsed(v).equals("0s") ? v + "ms" : PsCommand.elapsed(v);
    }

    private static final int[] WIDTHS = {20, 6, 6, 5, 8, 7, 7, 7, 9};

    private static void line(StringBuilder sb, String name, String runs, String ended, String pass, String att, String p50,
                             String p90, String p99, String tokens, String cost) {
        Columns.row(sb, WIDTHS, name, runs, ended, pass, att, p50, p90, p99, tokens, cost);
    }

    private static Map<String, Object> json(RunStats.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflow", r.workflow());
        m.put("gate", r.gate());
        m.put("runs", r.runs());
        m.put("ended", r.ended());
        m.put("passed", r.passed());
        m.put("failed", r.failed());
        m.put("pass_rate", r.passRate());
        m.put("attempts_per_pass", r.attemptsPerPass());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("p50", r.p50Ms());
        d.put("p90", r.p90Ms());
        d.put("p99", r.p99Ms());
        m.put("duration_ms", d);
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("input", r.tokensIn());
        tokens.put("output", r.tokensOut());
        m.put("tokens", tokens);
        m.put("cost_usd", r.costUsd());
        return m;
    }
}
