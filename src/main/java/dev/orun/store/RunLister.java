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
