package dev.orun.serve;

import dev.orun.store.RunLister;
import dev.orun.store.RunQuery;
import dev.orun.store.RunStore;
import dev.orun.store.RunSummary;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The run list as the listing index gives it, kept for a moment: with 10,000 runs one listing costs a stat per run
 * and a parse of the index, which every {@code GET /runs} paying for would cap the server at a few lists a second.
 * A list is reused for at most {@code ttlMillis} and never after a write through this server; runs another process
 * wrote show within that time. One thread refreshes while the others wait for it, not beside it.
 */
final class RunListCache {
    private final RunStore store;
    private final long ttlNanos;
    private final AtomicLong writes = new AtomicLong();
    private volatile Snapshot snapshot;

    /** A list, when it was taken, the write count then, and its unfiltered JSON once made. */
    static final class Snapshot {
        final List<RunSummary> runs;
        final long takenAt;
        final long generation;
        final AtomicReference<byte[]> allJson = new AtomicReference<>();

        Snapshot(List<RunSummary> runs, long takenAt, long generation) {
            this.runs = runs;
            this.takenAt = takenAt;
            this.generation = generation;
        }

        /** Made by one thread while the others wait for it: 16 clients rendering 10,000 items at once starved each other. */
        byte[] allJson(Function<List<RunSummary>, byte[]> render) {
            byte[] b = allJson.get();
            if (b != null) {
                return b;
            }
            synchronized (this) {
                b = allJson.get();
                if (b == null) {
                    b = render.apply(runs);
                    allJson.set(b);
                }
                return b;
            }
        }
    }

    RunListCache(RunStore store, long ttlMillis) {
        this.store = store;
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    /** This server wrote something: the next list is taken afresh. */
    void invalidate() {
        writes.incrementAndGet();
    }

    Snapshot get() {
        Snapshot s = snapshot;
        if (fresh(s)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (fresh(s)) {
                return s;
            }
            long generation = writes.get();
            List<RunSummary> runs = List.copyOf(new RunLister(store).list(new RunQuery(null, null, null, null, null), w -> { }));
            s = new Snapshot(runs, System.nanoTime(), generation);
            snapshot = s;
            return s;
        }
    }

    private boolean fresh(Snapshot s) {
        return s != null && s.generation == writes.get() && System.nanoTime() - s.takenAt < ttlNanos;
    }
}
