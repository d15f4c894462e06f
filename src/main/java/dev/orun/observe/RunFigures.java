package dev.orun.observe;

import dev.orun.run.Times;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code orun stats} needs of one run, small enough to cache per run: its workflow, status, start, duration,
 * tokens and cost, and per gate its status, attempts, duration (first attempt's start to last attempt's end), tokens
 * and cost. Read from the validated tree, so legacy records count too.
 */
public record RunFigures(String runId, String workflow, String status, String startedAt, long durationMs, long tokensIn,
                         long tokensOut, double costUsd, List<Gate> gates) {
    public RunFigures {
        gates = List.copyOf(gates);
    }

    /** {@code durationMs} is -1 while the gate has not ended. */
    public record Gate(String gate, String status, int attempts, long durationMs, long tokensIn, long tokensOut, double costUsd) {
    }

    public static RunFigures of(String runId, JsonNode t) {
        Map<String, long[]> gateTokens = new LinkedHashMap<>();
        Map<String, double[]> gateCost = new LinkedHashMap<>();
        long in = 0;
        long out = 0;
        double cost = 0;
        for (JsonNode inv : t.path("invocations")) {
            long p = inv.path("tokens").path("prompt").asLong(0);
            long c = inv.path("tokens").path("completion").asLong(0);
            double usd = inv.path("cost_usd").asDouble(0);
            in += p;
            out += c;
            cost += usd;
            String g = inv.path("gate").asString("");
            if (!g.isEmpty()) {
                long[] tk = gateTokens.computeIfAbsent(g, k -> new long[2]);
                tk[0] += p;
                tk[1] += c;
                gateCost.computeIfAbsent(g, k -> new double[1])[0] += usd;
            }
        }
        List<Gate> gates = new ArrayList<>();
        for (JsonNode g : t.path("gates")) {
            String id = g.path("gate").asString("");
            JsonNode attempts = g.path("attempts");
            long dur = -1;
            if (attempts.size() > 0) {
                String first = attempts.get(0).path("started_at").asString(null);
                String last = attempts.get(attempts.size() - 1).path("finished_at").asString(null);
                dur = between(first, last);
            }
            long[] tk = gateTokens.getOrDefault(id, new long[2]);
            gates.add(new Gate(id, g.path("status").asString(""), attempts.size(), dur, tk[0], tk[1],
                    gateCost.getOrDefault(id, new double[1])[0]));
        }
        return new RunFigures(runId, t.path("workflow").path("name").asString(""), t.path("status").asString(""),
                t.path("started_at").asString(""), between(t.path("started_at").asString(null), t.path("finished_at").asString(null)),
                in, out, cost, gates);
    }

    private static long between(String from, String to) {
        if (from == null || to == null || from.isEmpty() || to.isEmpty()) {
            return -1;
        }
        try {
            return Math.max(0, Times.parse(to).toEpochMilli() - Times.parse(from).toEpochMilli());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** One cache line (tab-separated; gates joined by \u001e, their fields by \u001f). */
    String line() {
        StringBuilder sb = new StringBuilder(128);
        sb.append(runId).append('\t').append(clean(workflow)).append('\t').append(status).append('\t').append(startedAt)
                .append('\t').append(durationMs).append('\t').append(tokensIn).append('\t').append(tokensOut).append('\t')
                .append(costUsd).append('\t');
        for (int i = 0; i < gates.size(); i++) {
            Gate g = gates.get(i);
            if (i > 0) {
                sb.append('\u001e');
            }
            sb.append(clean(g.gate)).append('\u001f').append(g.status).append('\u001f').append(g.attempts).append('\u001f')
                    .append(g.durationMs).append('\u001f').append(g.tokensIn).append('\u001f').append(g.tokensOut)
                    .append('\u001f').append(g.costUsd);
        }
        return sb.toString();
    }

    static RunFigures parse(String[] f, int from) {
        List<Gate> gates = new ArrayList<>();
        String enc = f[from + 8];
        if (!enc.isEmpty()) {
            for (String g : enc.split("\u001e")) {
                String[] p = g.split("\u001f", -1);
                gates.add(new Gate(p[0], p[1], Integer.parseInt(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]),
                        Long.parseLong(p[5]), Double.parseDouble(p[6])));
            }
        }
        return new RunFigures(f[from], f[from + 1], f[from + 2], f[from + 3], Long.parseLong(f[from + 4]),
                Long.parseLong(f[from + 5]), Long.parseLong(f[from + 6]), Double.parseDouble(f[from + 7]), gates);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\u001e', ' ').replace('\u001f', ' ');
    }
}
