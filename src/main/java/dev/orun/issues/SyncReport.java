package dev.orun.issues;

import java.util.List;

/** The outcome of {@code orun issues sync}: per item, the labels created, and where things were written. */
public record SyncReport(String runId, String repository, boolean dryRun, List<ItemResult> items, List<String> labelsCreated,
                         boolean recordChanged, String error) {
    public SyncReport {
        items = List.copyOf(items);
        labelsCreated = List.copyOf(labelsCreated);
    }

    public long count(SyncStatus status) {
        return items.stream().filter(i -> i.action() == status).count();
    }
}
