package dev.orun.cli;

import dev.orun.cli.support.Columns;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.store.RunLister;
import dev.orun.store.RunQuery;
import dev.orun.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code orun run list}: runs newest first, filtered. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.")
public final class RunListCommand implements Runnable {
    private final Services services;

    public RunListCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--status", paramLabel = "S", completionCandidates = dev.orun.cli.support.Candidates.RunStatuses.class, description = "Only runs with this status (e.g. RUNNING, PASSED, FAILED).")
    String status;

    @Option(names = "--workflow", paramLabel = "W", completionCandidates = dev.orun.cli.support.Candidates.Workflows.class, description = "Only runs of this workflow.")
    String workflow;

    @Option(names = "--since", paramLabel = "DATE|DURATION", description = "Only runs started since a date (2026-01-20) or within a duration (7d, 12h).")
    String since;

    @Option(names = "--grep", paramLabel = "TEXT", description = "Only runs whose id, workflow, slug, agents, statuses, failure reasons or events contain TEXT.")
    String grep;

    @Option(names = "--limit", paramLabel = "N", description = "At most N runs.")
    Integer limit;

    @Override
    public void run() {
        if (limit != null && limit < 1) {
            throw dev.orun.error.OrunException.usage("--limit " + limit + " must be at least 1");
        }
        if (status != null && !isRunStatus(status)) {
            throw dev.orun.error.OrunException.usage("--status '" + status + "' is not a run status: use one of "
                    + java.util.Arrays.toString(dev.orun.run.RunStatus.values()));
        }
        RunQuery query = new RunQuery(status, workflow, RunQuery.parseSince(since, services.ctx().clock()), grep, limit);
        // A class, not a lambda: run list runs none (the first of a process costs ~13 ms, docs/performance.md).
        List<RunSummary> runs = new RunLister(services.store()).list(query, new java.util.function.Consumer<String>() {
            @Override
            public void accept(String w) {
                global.err().println("orun: warning: " + w);
            }
        });
        if (global.json()) {
            List<Object> rows = new java.util.ArrayList<>(runs.size());
            for (RunSummary s : runs) {
                rows.add(jsonRow(s));
            }
            global.printJson(java.util.Map.of("runs", rows));
            return;
        }
        if (runs.isEmpty()) {
            global.out().println("no runs" + (query.equals(new RunQuery(null, null, null, null, null)) ? "" : " match"));
            return;
        }
        // One buffer, no String.format and no string per cell: 10,000 rows print in a few milliseconds.
        int[] w = {60, 12, 11, 5};
        boolean legacy = false;
        for (RunSummary s : runs) {
            w[0] = Math.max(w[0], s.runId().length());
            w[1] = Math.max(w[1], s.workflow() == null ? 0 : s.workflow().length());
            legacy |= s.legacy();
        }
        StringBuilder sb = new StringBuilder(Math.min(runs.size() + 1, ROWS_PER_WRITE) * (w[0] + w[1] + 50));
        Columns.pad(sb, "RUN", w[0], 2);
        Columns.pad(sb, "WORKFLOW", w[1], 2);
        Columns.pad(sb, "STATUS", w[2], 2);
        Columns.pad(sb, "GATES", w[3], 2);
        sb.append("STARTED\n");
        char[] chunk = new char[sb.capacity()];
        int rows = 0;
        for (RunSummary s : runs) {
            row(sb, w, s);
            if (++rows % ROWS_PER_WRITE == 0) {
                write(sb, chunk);
            }
        }
        write(sb, chunk);
        if (legacy) {
            global.out().println("* legacy record (Node runner): read-only");
        }
    }

    /** Rows per write to the output: a whole 10,000-row string would be copied twice more on its way out. */
    private static final int ROWS_PER_WRITE = 100;

    /** Writes what {@code sb} holds and empties it; {@code chunk} is reused (a char[] write copies nothing more). */
    private void write(StringBuilder sb, char[] chunk) {
        char[] c = chunk.length >= sb.length() ? chunk : new char[sb.length()];
        sb.getChars(0, sb.length(), c, 0);
        global.out().write(c, 0, sb.length());
        sb.setLength(0);
    }

    /** One row; {@code w} holds the widths of the first four columns (wide enough for every row). */
    private static void row(StringBuilder sb, int[] w, RunSummary s) {
        Columns.pad(sb, s.runId(), w[0], 2);
        Columns.pad(sb, s.workflow(), w[1], 2);
        int at = sb.length();
        sb.append(s.status());
        if (s.legacy()) {
            sb.append('*');
        }
        Columns.spaces(sb, w[2] + 2 - Math.min(sb.length() - at, w[2]));
        at = sb.length();
        sb.append(s.gatesPassed()).append('/').append(s.gatesTotal());
        Columns.spaces(sb, w[3] + 2 - Math.min(sb.length() - at, w[3]));
        sb.append(s.startedAt()).append('\n');
    }

    private static java.util.Map<String, Object> jsonRow(RunSummary s) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("run_id", s.runId());
        m.put("workflow", s.workflow());
        m.put("slug", s.slug());
        m.put("status", s.status());
        m.put("depth", s.depth());
        m.put("started_at", s.startedAt());
        m.put("finished_at", s.finishedAt());
        m.put("gates_passed", s.gatesPassed());
        m.put("gates_total", s.gatesTotal());
        m.put("legacy", s.legacy());
        return m;
    }

    private static boolean isRunStatus(String name) {
        for (dev.orun.run.RunStatus v : dev.orun.run.RunStatus.values()) {
            if (v.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
