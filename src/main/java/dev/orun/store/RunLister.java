package dev.orun.store;

import dev.orun.error.OrunException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Lists runs newest first, with filters. A run that cannot be read is reported to {@code warn} and skipped. */
public final class RunLister {
    private final RunStore store;

    public RunLister(RunStore store) {
        this.store = store;
    }

    public List<RunSummary> list(RunQuery query, Consumer<String> warn) {
        List<RunSummary> out = new ArrayList<>();
        for (String id : store.runIds()) {
            RunSummary s;
            try {
                s = RunSummary.of(store.load(id));
            } catch (OrunException e) {
                warn.accept("skipping " + id + ": " + e.getMessage());
                continue;
            }
            if (query.matches(s)) {
                out.add(s);
                if (query.limit() != null && out.size() >= query.limit()) {
                    break;
                }
            }
        }
        return out;
    }
}
