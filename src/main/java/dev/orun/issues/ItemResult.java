package dev.orun.issues;

import java.util.List;

/**
 * What a sync did (or, in a dry run, would do) with one plan item. {@code action} is created, updated,
 * unchanged or failed; in a dry run the same words say what would happen.
 */
public record ItemResult(String planItemId, String title, SyncStatus action, Integer issueNumber, String issueUrl,
                         String githubState, List<String> labels, String error) {
    public ItemResult {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
