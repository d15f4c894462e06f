package dev.orun.issues;

import dev.orun.github.GitHubClient;
import dev.orun.github.GitHubIssue;
import dev.orun.issues.IssueContent.Marker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which GitHub issue is each plan item's: the hidden markers first (every page of orun's label), then the numbers
 * the state file caches, confirmed one by one (a person may have removed the label or the marker).
 */
final class IssueFinder {
    private IssueFinder() {
    }

    /** Plan item id → its issue. */
    static Map<String, GitHubIssue> find(GitHubClient github, String runId, List<PlanItem> items, SyncState state) {
        Map<String, GitHubIssue> found = new HashMap<>();
        for (GitHubIssue issue : github.listIssues(IssueContent.LABEL)) {
            Optional<Marker> m = Marker.find(issue.body());
            if (m.isPresent() && m.get().runId().equals(runId)) {
                // Should two issues carry one marker (made by hand or by another tool), the oldest is the item's.
                found.merge(m.get().itemId(), issue, (a, b) -> a.number() <= b.number() ? a : b);
            }
        }
        for (PlanItem item : items) {
            SyncState.Item cached = state.item(item.id());
            if (found.containsKey(item.id()) || cached == null || cached.issueNumber() == null) {
                continue;
            }
            // Cached but not found by marker: its label or marker was removed by hand; it is still the item's.
            Optional<GitHubIssue> issue = github.getIssue(cached.issueNumber());
            if (issue.isPresent()) {
                Optional<Marker> m = Marker.find(issue.get().body());
                if (m.isEmpty() || m.get().runId().equals(runId) && m.get().itemId().equals(item.id())) {
                    found.put(item.id(), issue.get());
                }
            }
        }
        return found;
    }
}
