package dev.orun.store;

import dev.orun.run.RunStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Retention: deletes the gitignored {@code logs/} of old runs, never a record. Only runs in a final state
 * (PASSED, FAILED, CANCELED) are touched: a running, paused or interrupted run still needs its packets and lease.
 */
public final class LogPruner {
    private final RunStore store;

    public LogPruner(RunStore store) {
        this.store = store;
    }

    /** One run whose logs go (or would go, on a dry run). */
    public record Pruned(String runId, long files, long bytes) {
    }

    /**
     * @param keep      keep the logs of the newest {@code keep} runs (null: no count limit)
     * @param olderThan only runs started longer ago than this (null: any age)
     */
    public List<Pruned> prune(Integer keep, Duration olderThan, Instant now, boolean dryRun, Consumer<String> warn) {
        List<RunSummary> runs = new RunIndex(store).all(warn); // newest first
        List<Pruned> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunSummary s = runs.get(i);
            if (keep != null && i < keep) {
                continue;
            }
            if (olderThan != null && !Instant.parse(s.startedAt()).isBefore(now.minus(olderThan))) {
                continue;
            }
            if (!isFinal(s.status())) {
                continue;
            }
            Path logs = store.paths().logsDir(s.runId());
            if (!Files.isDirectory(logs)) {
                continue;
            }
            Pruned p = measure(s.runId(), logs);
            if (p.files() == 0) {
                continue;
            }
            if (!dryRun) {
                PlainFiles.deleteTree(logs);
            }
            out.add(p);
        }
        return out;
    }

    private static boolean isFinal(String status) {
        try {
            return RunStatus.valueOf(status).isFinal();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Pruned measure(String runId, Path dir) {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files++;
                bytes += Files.size(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new Pruned(runId, files, bytes);
    }
}
