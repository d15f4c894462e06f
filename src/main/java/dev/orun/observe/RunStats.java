package dev.orun.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code orun stats}: per workflow and per gate, how many runs, how many passed (of those that ended), attempts per
 * pass, duration percentiles (of what ended), tokens and cost, over the runs started since a time.
 */
public final class RunStats {
    private RunStats() {
    }

    /**
     * One row: a workflow ({@code gate} null) or one of its gates. {@code ended} of the {@code runs} ended (a run
     * PASSED, FAILED or CANCELED; a gate PASS or FAIL) and {@code passRate} is of those, null when none did.
     * Durations in ms, null when nothing ended.
     */
    public record Row(String workflow, String gate, int runs, int passed, int failed, Double passRate, Double attemptsPerPass,
                      Long p50Ms, Long p90Ms, Long p99Ms, long tokensIn, long tokensOut, double costUsd) {
        /** The runs (or gate attempts) that ended: passed and failed. */
        public int ended() {
            return passed + failed;
        }
    }

    private static final class Acc {
        int runs;
        int passed;
        int failed;
        long attemptsOfPasses;
        final List<Long> durations = new ArrayList<>();
        long in;
        long out;
        double cost;

        Row row(String workflow, String gate) {
            long[] d = durations.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(d);
            int ended = passed + failed;
            return new Row(workflow, gate, runs, passed, failed, ended == 0 ? null : (double) passed / ended,
                    passed == 0 || gate == null ? null : (double) attemptsOfPasses / passed,
                    pct(d, 50), pct(d, 90), pct(d, 99), in, out, cost);
        }
    }

    /** Nearest-rank percentile; null of nothing. */
    static Long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static List<Row> compute(List<RunFigures> runs, Instant since, String workflow) {
        Map<String, Acc> byWorkflow = new TreeMap<>();
        Map<String, Map<String, Acc>> byGate = new TreeMap<>();
        // Records' timestamps are fixed-width UTC ISO-8601 with milliseconds: they compare as strings.
        String sinceIso = since == null ? null : dev.orun.run.Times.iso(since);
        for (RunFigures r : runs) {
            if (workflow != null && !workflow.equals(r.workflow())) {
                continue;
            }
            if (sinceIso != null && r.startedAt().compareTo(sinceIso) < 0) {
                continue;
            }
            Acc w = byWorkflow.computeIfAbsent(r.workflow(), k -> new Acc());
            w.runs++;
            switch (r.status()) {
                case "PASSED" -> w.passed++;
                case "FAILED", "CANCELED" -> w.failed++;
                default -> {
                }
            }
            if (r.durationMs() >= 0 && (r.status().equals("PASSED") || r.status().equals("FAILED") || r.status().equals("CANCELED"))) {
                w.durations.add(r.durationMs());
            }
            w.in += r.tokensIn();
            w.out += r.tokensOut();
            w.cost += r.costUsd();
            Map<String, Acc> gates = byGate.computeIfAbsent(r.workflow(), k -> new LinkedHashMap<>());
            for (RunFigures.Gate g : r.gates()) {
                if (g.attempts() == 0) {
                    continue;
                }
                Acc a = gates.computeIfAbsent(g.gate(), k -> new Acc());
                a.runs++;
                if (g.status().equals("PASS")) {
                    a.passed++;
                    a.attemptsOfPasses += g.attempts();
                } else if (g.status().equals("FAIL")) {
                    a.failed++;
                }
                if (g.durationMs() >= 0 && (g.status().equals("PASS") || g.status().equals("FAIL"))) {
                    a.durations.add(g.durationMs());
                }
                a.in += g.tokensIn();
                a.out += g.tokensOut();
                a.cost += g.costUsd();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Acc> e : byWorkflow.entrySet()) {
            rows.add(e.getValue().row(e.getKey(), null));
            for (Map.Entry<String, Acc> g : byGate.getOrDefault(e.getKey(), Map.of()).entrySet()) {
                rows.add(g.getValue().row(e.getKey(), g.getKey()));
            }
        }
        return rows;
    }
}
