package dev.orun.issues;

import dev.orun.error.OrunException;
import dev.orun.github.GitHubClient;
import dev.orun.github.GitHubException;
import dev.orun.github.GitHubIssue;
import dev.orun.issues.IssueContent.Marker;
import dev.orun.run.Times;
import dev.orun.store.RunStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One sync of a run's plan items to one repository: find each item's issue, make the labels, then create, update
 * or leave each issue in dependency order, saving the state file after every issue.
 */
final class SyncSession {
    private final String runId;
    private final GitHubClient github;
    private final String tokenVariable;
    private final List<PlanItem> items;
    private final SyncStateFile file;
    private final boolean dryRun;
    private final Consumer<String> log;
    private final Clock clock;
    private final SyncRecorder recorder;
    private final SyncLabels labels;
    private SyncState state;
    private boolean wroteState;
    private final List<ItemResult> results = new ArrayList<>();
    private final List<String> labelsCreated = new ArrayList<>();

    SyncSession(RunStore store, Clock clock, String runId, GitHubClient github, String tokenVariable, List<PlanItem> items,
                SyncStateFile file, boolean dryRun, Consumer<String> log) {
        this.runId = runId;
        this.github = github;
        this.tokenVariable = tokenVariable;
        this.items = items;
        this.file = file;
        this.dryRun = dryRun;
        this.log = log;
        this.clock = clock;
        this.recorder = new SyncRecorder(store, runId);
        this.labels = new SyncLabels(items);
    }

    SyncReport run() {
        String repo = github.repository();
        SyncState saved = file.read();
        if (saved != null && (!saved.repository().equals(repo) || !saved.runId().equals(runId))) {
            saved = null; // a cache for another repository says nothing about this one
        }
        state = saved != null ? saved : SyncState.empty(runId, repo, now());
        log.accept("sync of " + items.size() + " plan items to " + repo + (dryRun ? " (dry run)" : ""));
        try {
            Map<String, GitHubIssue> found = IssueFinder.find(github, runId, items, state);
            log.accept("found " + found.size() + " of " + items.size() + " plan items already in " + repo);
            labels.ensure(github, dryRun, labelsCreated);
            syncItems(found);
        } catch (GitHubException e) {
            long done = dryRun ? 0 : results.stream().filter(r -> r.action() != SyncStatus.FAILED).count();
            OrunException fatal = SyncFailure.of(e, repo, runId, done, items.size(), tokenVariable);
            if (!dryRun && (wroteState || !labelsCreated.isEmpty())) {
                finish(fatal.getMessage()); // record what was done; a sync that did nothing leaves no trace
            }
            throw fatal;
        }
        String error = null;
        for (ItemResult r : results) {
            if (r.action() == SyncStatus.FAILED) {
                error = "plan item " + r.planItemId() + " failed: " + r.error()
                        + ": fix the item in the pack and run 'orun issues sync --run " + runId + "' again";
                break;
            }
        }
        boolean changed = !dryRun && finish(error);
        return new SyncReport(runId, repo, dryRun, results, labelsCreated, changed, error);
    }

    private void syncItems(Map<String, GitHubIssue> found) {
        Map<String, Integer> numbers = new HashMap<>();
        Set<String> failed = new HashSet<>();
        for (PlanItem item : items) {
            String blocked = item.dependsOn().stream().filter(failed::contains).findFirst().orElse(null);
            if (blocked != null) {
                failed.add(item.id());
                fail(item, found.get(item.id()), "not synced: it depends on " + blocked + ", which failed");
                continue;
            }
            IssueContent content = IssueContent.render(item, runId, dep -> numbers.containsKey(dep) ? numbers.get(dep)
                    : found.containsKey(dep) ? Integer.valueOf(found.get(dep).number()) : null);
            GitHubIssue existing = found.get(item.id());
            SyncStatus action;
            GitHubIssue issue;
            try {
                if (existing == null) {
                    action = SyncStatus.CREATED;
                    issue = dryRun ? null : github.createIssue(content.title(), content.body(), content.labels(),
                            IssueContent.LABEL, i -> Marker.find(i.body())
                                    .filter(m -> m.runId().equals(runId) && m.itemId().equals(item.id())).isPresent());
                } else if (content.sha256().equals(lastWritten(item, existing))) {
                    action = SyncStatus.UNCHANGED;
                    issue = existing;
                } else {
                    action = SyncStatus.UPDATED;
                    issue = dryRun ? existing : github.updateIssue(existing.number(), content.title(), content.body(),
                            labels.keepOthers(content.labels(), existing.labels()));
                }
            } catch (GitHubException e) {
                if (e.kind() != GitHubException.Kind.INVALID && e.kind() != GitHubException.Kind.GONE) {
                    throw e;
                }
                failed.add(item.id());
                fail(item, existing, e.getMessage());
                continue;
            }
            if (issue != null) {
                numbers.put(item.id(), issue.number());
            }
            log.accept(action.json() + " " + item.id() + (issue == null ? "" : " #" + issue.number()));
            results.add(new ItemResult(item.id(), item.title(), action, issue == null ? null : issue.number(),
                    issue == null ? null : issue.htmlUrl(), issue == null ? null : issue.state(), content.labels(), null));
            if (issue != null) {
                save(new SyncState.Item(item.id(), issue.number(), issue.htmlUrl(), content.sha256(), action, now(), null));
            }
        }
    }

    /** The content hash orun last wrote to this issue: the marker's (the issue's own word), else the cache's. */
    private String lastWritten(PlanItem item, GitHubIssue existing) {
        Optional<String> marked = Marker.find(existing.body()).map(Marker::sha256);
        if (marked.isPresent()) {
            return marked.get();
        }
        SyncState.Item cached = state.item(item.id());
        return cached != null && Objects.equals(cached.issueNumber(), existing.number()) ? cached.contentSha256() : null;
    }

    private void fail(PlanItem item, GitHubIssue existing, String message) {
        log.accept("failed " + item.id() + ": " + message);
        List<String> itemLabels = new ArrayList<>(item.labels());
        results.add(new ItemResult(item.id(), item.title(), SyncStatus.FAILED, existing == null ? null : existing.number(),
                existing == null ? null : existing.htmlUrl(), existing == null ? null : existing.state(), itemLabels, message));
        SyncState.Item cached = state.item(item.id());
        save(new SyncState.Item(item.id(), existing != null ? Integer.valueOf(existing.number()) : cached == null ? null
                : cached.issueNumber(), existing != null ? existing.htmlUrl() : cached == null ? null : cached.issueUrl(),
                cached == null ? null : cached.contentSha256(), SyncStatus.FAILED, now(), message));
    }

    /** Saves the state after an issue, unless the cache already says the same (a re-run then writes nothing). */
    private void save(SyncState.Item item) {
        if (dryRun) {
            return;
        }
        SyncState.Item cached = state.item(item.planItemId());
        if (cached != null && item.status() != SyncStatus.FAILED && cached.status() != SyncStatus.FAILED
                && Objects.equals(cached.issueNumber(), item.issueNumber()) && Objects.equals(cached.issueUrl(), item.issueUrl())
                && Objects.equals(cached.contentSha256(), item.contentSha256())) {
            return;
        }
        state = state.with(item, now());
        file.write(state);
        wroteState = true;
    }

    /**
     * Writes the artifacts and the RUN.json entries when this sync changed anything (an issue, a label, the
     * cache, an issue's open/closed state); returns whether it did. Items never reached are listed as failed.
     */
    private boolean finish(String error) {
        List<ItemResult> all = new ArrayList<>(results);
        for (PlanItem item : items) {
            if (all.stream().noneMatch(r -> r.planItemId().equals(item.id()))) {
                SyncState.Item cached = state.item(item.id());
                all.add(new ItemResult(item.id(), item.title(), SyncStatus.FAILED, cached == null ? null : cached.issueNumber(),
                        cached == null ? null : cached.issueUrl(), null, item.labels(), "not synced: the sync stopped before it"));
            }
        }
        boolean changed = wroteState || !labelsCreated.isEmpty() || error != null
                || all.stream().anyMatch(r -> r.action() != SyncStatus.UNCHANGED) || !recorder.upToDate(all);
        if (!changed) {
            log.accept("nothing changed; record left as it was");
            return false;
        }
        recorder.write(new SyncReport(runId, github.repository(), false, all, labelsCreated, true, error), now());
        return true;
    }

    private String now() {
        return Times.iso(clock.instant());
    }
}
