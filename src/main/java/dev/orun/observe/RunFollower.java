package dev.orun.observe;

import dev.orun.agent.ProgressFile;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunEvent;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.schema.Json;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code orun watch}: follows a run as it goes, polling its RUN.json (a stat per tick, a read when it changed) and
 * the output logs of its invocations. New events (gate changes, invocations starting and ending, with their token
 * and cost figures) and each new line an agent writes go to the {@link Listener}; it stops when the run ends,
 * pauses or is interrupted. A run whose orun died is found by the store's read and reported INTERRUPTED.
 */
public final class RunFollower {
    /** Where what is seen goes; domain code never prints. */
    public interface Listener {
        void event(RunRecord run, RunEvent event, Invocation invocation);

        /** One line an agent wrote (without its newline). */
        void output(Invocation invocation, String line);

        /**
         * One line of a model agent's progress file ({@code logs/gates/<Gx>/attempt-<n>/agent/progress.jsonl}): the
         * round against max_tool_rounds, tokens so far against the gate's budgets.
         */
        default void progress(RunRecord run, JsonNode line) {
        }

        /** Called on each tick with the newest record (for a live status line). */
        default void tick(RunRecord run) {
        }
    }

    private final RunStore store;
    private final Duration every;

    public RunFollower(RunStore store, Duration every) {
        this.store = store;
        this.every = every;
    }

    /** Follows until the run stops running; returns its record then. {@code fromStart}: replay the events seen so far. */
    public RunRecord follow(String runId, boolean fromStart, Listener listener) throws InterruptedException {
        Path json = store.paths().runJson(runId);
        RunRecord run = store.read(runId);
        int seen = fromStart ? 0 : run.events().size();
        Map<String, Long> offsets = new LinkedHashMap<>();
        Map<String, StringBuilder> partial = new LinkedHashMap<>();
        if (!fromStart) {
            // Output already written before watching began is not replayed: only what comes next.
            for (Invocation inv : run.invocations()) {
                offsets.put(inv.invocationId(), size(log(runId, inv)));
            }
            for (GateState g : run.gates()) {
                for (Attempt a : g.attempts()) {
                    Path p = progress(runId, g.gate(), a.attempt());
                    offsets.put(p.toString(), size(p));
                }
            }
        }
        Object stamp = stamp(json);
        while (true) {
            for (int i = seen; i < run.events().size(); i++) {
                RunEvent e = run.events().get(i);
                listener.event(run, e, invocationOf(run, e));
            }
            seen = run.events().size();
            for (Invocation inv : run.invocations()) {
                tail(log(runId, inv), inv.invocationId(), offsets, partial, line -> listener.output(inv, line),
                        inv.status() != InvocationStatus.RUNNING);
            }
            RunRecord current = run;
            for (GateState g : run.gates()) {
                for (Attempt a : g.attempts()) {
                    Path p = progress(runId, g.gate(), a.attempt());
                    tail(p, p.toString(), offsets, partial, line -> progressLine(current, line, listener), false);
                }
            }
            listener.tick(run);
            if (!running(run)) {
                return run;
            }
            Thread.sleep(every.toMillis());
            Object now = stamp(json);
            boolean leased = Files.exists(store.leases().file(runId));
            if (!now.equals(stamp) || leased) {
                stamp = now;
                run = store.read(runId); // with a lease: a dead holder is reaped here
            }
        }
    }

    static boolean running(RunRecord run) {
        return run.status() == RunStatus.RUNNING || run.status() == RunStatus.QUEUED;
    }

    private Path log(String runId, Invocation inv) {
        return store.paths().logsDir(runId).resolve("invocations").resolve(inv.invocationId()).resolve("output.log");
    }

    private Path progress(String runId, String gate, int attempt) {
        return ProgressFile.of(store.paths().logsDir(runId), gate, attempt);
    }

    private static void progressLine(RunRecord run, String line, Listener listener) {
        JsonNode node;
        try {
            node = Json.LENIENT.readTree(line);
        } catch (RuntimeException e) {
            return; // not a progress line (a hand edit): skipped
        }
        if (node != null && node.isObject()) {
            listener.progress(run, node);
        }
    }

    /** Hands on the complete lines of {@code log} written since the last look; {@code ended}: the partial last line too. */
    private void tail(Path log, String key, Map<String, Long> offsets, Map<String, StringBuilder> partial,
                      Consumer<String> lines, boolean ended) {
        long from = offsets.getOrDefault(key, 0L);
        long size = size(log);
        StringBuilder buf = partial.computeIfAbsent(key, k -> new StringBuilder());
        if (size > from) {
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                f.seek(from);
                byte[] bytes = new byte[(int) Math.min(size - from, 1 << 20)];
                f.readFully(bytes);
                offsets.put(key, from + bytes.length);
                buf.append(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return; // not there yet, or pruned: nothing to show
            }
            int nl;
            while ((nl = buf.indexOf("\n")) >= 0) {
                lines.accept(buf.substring(0, nl));
                buf.delete(0, nl + 1);
            }
        }
        if (ended && !buf.isEmpty() && size <= offsets.getOrDefault(key, 0L)) {
            lines.accept(buf.toString());
            buf.setLength(0);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Object stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Invocation invocationOf(RunRecord run, RunEvent e) {
        if (!e.type().startsWith("INVOCATION_")) {
            return null;
        }
        for (Invocation inv : run.invocations()) {
            if (e.message() != null && e.message().contains(inv.invocationId())) {
                return inv;
            }
        }
        return null;
    }
}
