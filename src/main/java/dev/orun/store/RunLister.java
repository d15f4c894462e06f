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
        for (RunSummary s : new RunIndex(store).all(warn)) {
            if (!s.legacy() && ("RUNNING".equals(s.status()) || "QUEUED".equals(s.status()))
                    && java.nio.file.Files.exists(store.leases().file(s.runId()))) {
                // A run shown RUNNING may have lost its driver: one stat for runs with a lease, a full read only then.
                s = RunSummary.of(store.load(s.runId()));
            }
            if (matches.test(s)) {
                out.add(s);
                if (query.limit() != null && out.size() >= query.limit()) {
                    break;
                }
            }
        }
        return out;
    }
}
