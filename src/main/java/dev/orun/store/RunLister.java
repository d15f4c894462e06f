package dev.orun.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Lists runs newest first, with filters, from the listing index. */
public final class RunLister {
    private final RunStore store;

    public RunLister(RunStore store) {
        this.store = store;
    }

    public List<RunSummary> list(RunQuery query, Consumer<String> warn) {
        List<RunSummary> out = new ArrayList<>();
        java.util.function.Predicate<RunSummary> matches = query.predicate();
        // A run shown RUNNING may have lost its driver: one stat for each such run, and a full read only for
        // those with a lease.
        for (RunSummary indexed : new RunIndex(store).all(warn)) {
            RunSummary s = reapedIfDead(indexed);
            if (matches.test(s)) {
                out.add(s);
                if (query.limit() != null && out.size() >= query.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    private RunSummary reapedIfDead(RunSummary s) {
        if (!s.legacy() && ("RUNNING".equals(s.status()) || "QUEUED".equals(s.status()))
                && store.leases().file(s.runId()).toFile().exists()) { // java.io's stat: no exception for the usual miss
            return RunSummary.of(store.load(s.runId()));
        }
        return s;
    }
}
