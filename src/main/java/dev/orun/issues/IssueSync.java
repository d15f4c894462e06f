package dev.orun.issues;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.github.GitHubClient;
import dev.orun.github.GitHubException;
import dev.orun.github.GitHubIssue;
import dev.orun.issues.IssueContent.Marker;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.scrub.PiiScrubber;
import dev.orun.scrub.ScrubSettings;
import dev.orun.store.AppendLog;
import dev.orun.store.AtomicFiles;
import dev.orun.store.IgnoredFolder;
import dev.orun.store.OrunPaths;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a run's issue plan into GitHub issues, exactly once per plan item.
 *
 * <p>Identity is the hidden marker in each issue body (run id + plan item id), found by listing every page of
 * the repository's issues with orun's label before anything is created; {@code record/issues/sync.json} only
 * caches it. Items go in dependency order: created when missing, updated when their content hash changed,
 * otherwise left alone; the state is saved after every issue, so a sync that dies resumes where it stopped.
 *
 * <p>Locking: a sync holds {@code logs/issues-sync.lock} for its whole length (two syncs of one run would race
 * to create the same issues), but takes the run's own lock only for the final RUN.json update, so gate and
 * invocation writers are never blocked by a slow or rate-limited GitHub.
 */
public final class IssueSync {
    private static final String ORUN_LABEL_COLOR = "5319e7";
    private static final String PLAN_LABEL_COLOR = "ededed";

    private final RunStore store;
    private final Clock clock;
    private final Duration lockTimeout;
    private final Map<String, String> env;

    public IssueSync(RunStore store, Clock clock, Duration lockTimeout) {
        this(store, clock, lockTimeout, Map.of());
    }

    /** {@code env}: whose secrets the sync's log masks (see {@link #log}). */
    public IssueSync(RunStore store, Clock clock, Duration lockTimeout, Map<String, String> env) {
        this.store = store;
        this.clock = clock;
        this.lockTimeout = lockTimeout;
        this.env = Map.copyOf(env);
    }

    /**
     * Syncs, or with {@code dryRun} only reads GitHub and reports what would happen (nothing is written, locally or
     * remotely). Item failures (GitHub's 410/422) are in the report's {@code error}; a failure that stops the
     * whole sync (401, 403, 404, rate limit, 5xx after retries) is thrown with exit 5, what was done saved.
     */
    public SyncReport sync(String runId, GitHubClient github, String tokenVariable, boolean dryRun) {
        OrunPaths paths = store.paths();
        store.read(runId); // exit 3 for an unknown run, 4 for a broken or legacy record: before any network call
        Path pack = paths.recordDir(runId).resolve("artifacts").resolve("architecture_pack.json");
        List<PlanItem> items = IssuePlanReader.read(pack, paths.relative(pack), runId);
        Path stateFile = paths.recordDir(runId).resolve("issues").resolve("sync.json");
        SyncStateFile file = new SyncStateFile(stateFile, paths.relative(stateFile), store.schemas());
        Session s = new Session(runId, github, tokenVariable, items, file, dryRun);
        if (dryRun) {
            return s.run();
        }
        try (RunLock ignored = RunLock.acquire(IgnoredFolder.ensure(paths.logsDir(runId)).resolve("issues-sync.lock"), lockTimeout, runId)) {
            return s.run();
        }
    }

    /** One sync's working state. */
    private final class Session {
        private final String runId;
        private final GitHubClient github;
        private final String tokenVariable;
        private final List<PlanItem> items;
        private final SyncStateFile file;
        private final boolean dryRun;
        private final Consumer<String> sink;
        private SyncState state;
        private SyncState saved;
        private boolean wroteState;
        private final List<ItemResult> results = new ArrayList<>();
        private final List<String> labelsCreated = new ArrayList<>();

        Session(String runId, GitHubClient github, String tokenVariable, List<PlanItem> items, SyncStateFile file, boolean dryRun) {
            this.runId = runId;
            this.github = github;
            this.tokenVariable = tokenVariable;
            this.items = items;
            this.file = file;
            this.dryRun = dryRun;
            this.sink = IssueSync.this.log(runId, dryRun);
        }

        SyncReport run() {
            String repo = github.repository();
            saved = file.read();
            if (saved != null && (!saved.repository().equals(repo) || !saved.runId().equals(runId))) {
                saved = null; // a cache for another repository says nothing about this one
            }
            state = saved != null ? saved : SyncState.empty(runId, repo, now());
            log("sync of " + items.size() + " plan items to " + repo + (dryRun ? " (dry run)" : ""));
            try {
                Map<String, GitHubIssue> found = discover();
                Set<String> universe = labelUniverse();
                ensureLabels(universe);
                syncItems(found, universe);
            } catch (GitHubException e) {
                OrunException fatal = fatal(e);
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

        /** Plan item id → its issue: markers first (every page), then cached numbers confirmed one by one. */
        private Map<String, GitHubIssue> discover() {
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
            log("found " + found.size() + " of " + items.size() + " plan items already in " + github.repository());
            return found;
        }

        private Set<String> labelUniverse() {
            Set<String> all = new LinkedHashSet<>();
            all.add(IssueContent.LABEL);
            for (PlanItem item : items) {
                all.addAll(item.labels());
            }
            return all;
        }

        private void ensureLabels(Set<String> universe) {
            Set<String> existing = new HashSet<>();
            github.listLabels().forEach(l -> existing.add(l.toLowerCase(Locale.ROOT)));
            Set<String> seen = new HashSet<>();
            for (String label : universe) {
                String key = label.toLowerCase(Locale.ROOT);
                if (existing.contains(key) || !seen.add(key)) {
                    continue;
                }
                if (!dryRun) {
                    boolean own = label.equalsIgnoreCase(IssueContent.LABEL);
                    github.createLabel(label, own ? ORUN_LABEL_COLOR : PLAN_LABEL_COLOR,
                            own ? "Issue synced by orun from an architecture pack" : "Created by orun issues sync");
                }
                labelsCreated.add(label);
            }
        }

        private void syncItems(Map<String, GitHubIssue> found, Set<String> universe) {
            Map<String, Integer> numbers = new HashMap<>();
            Set<String> failed = new HashSet<>();
            for (PlanItem item : items) {
                String blocked = item.dependsOn().stream().filter(failed::contains).findFirst().orElse(null);
                if (blocked != null) {
                    failed.add(item.id());
                    fail(item, found.get(item.id()), null, "not synced: it depends on " + blocked + ", which failed");
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
                                keepOthers(content.labels(), existing.labels(), universe));
                    }
                } catch (GitHubException e) {
                    if (e.kind() != GitHubException.Kind.INVALID && e.kind() != GitHubException.Kind.GONE) {
                        throw e;
                    }
                    failed.add(item.id());
                    fail(item, existing, content.sha256(), e.getMessage());
                    continue;
                }
                if (issue != null) {
                    numbers.put(item.id(), issue.number());
                }
                log(action.json() + " " + item.id() + (issue == null ? "" : " #" + issue.number()));
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

        /** The item's labels plus any label a person added that is not one of the plan's. */
        private List<String> keepOthers(List<String> wanted, List<String> current, Set<String> universe) {
            Set<String> planned = new HashSet<>();
            universe.forEach(l -> planned.add(l.toLowerCase(Locale.ROOT)));
            List<String> out = new ArrayList<>(wanted);
            for (String l : current) {
                if (!planned.contains(l.toLowerCase(Locale.ROOT)) && out.stream().noneMatch(l::equalsIgnoreCase)) {
                    out.add(l);
                }
            }
            return out;
        }

        private void fail(PlanItem item, GitHubIssue existing, String sha, String message) {
            log("failed " + item.id() + ": " + message);
            List<String> labels = new ArrayList<>(item.labels());
            results.add(new ItemResult(item.id(), item.title(), SyncStatus.FAILED, existing == null ? null : existing.number(),
                    existing == null ? null : existing.htmlUrl(), existing == null ? null : existing.state(), labels, message));
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
            OrunPaths paths = store.paths();
            Path dir = paths.recordDir(runId).resolve("artifacts");
            Path jsonFile = dir.resolve(IssueStateArtifacts.JSON_NAME);
            Path mdFile = dir.resolve(IssueStateArtifacts.SUMMARY_NAME);
            boolean changed = wroteState || !labelsCreated.isEmpty() || error != null
                    || all.stream().anyMatch(r -> r.action() != SyncStatus.UNCHANGED) || githubStatesMoved(jsonFile, all)
                    || !indexed(jsonFile) || !indexed(mdFile);
            if (!changed) {
                log("nothing changed; record left as it was");
                return false;
            }
            String now = now();
            SyncReport report = new SyncReport(runId, github.repository(), false, all, labelsCreated, true, error);
            IssueStateArtifacts.State doc = IssueStateArtifacts.state(report, now);
            byte[] json = IssueStateArtifacts.json(doc, store.schemas());
            byte[] md = IssueStateArtifacts.summary(doc).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(jsonFile, json);
            AtomicFiles.write(mdFile, md);
            List<IndexedArtifact> index = List.of(indexed(jsonFile, json, now), indexed(mdFile, md, now));
            String message = error == null
                    ? String.format(Locale.ROOT, "Issues synced to %s: %d created, %d updated, %d unchanged",
                    github.repository(), report.count(SyncStatus.CREATED), report.count(SyncStatus.UPDATED),
                    report.count(SyncStatus.UNCHANGED))
                    : "Issue sync to " + github.repository() + " failed: " + error;
            store.update(runId, run -> run.withArtifacts(index)
                    .withEvent(now, error == null ? "ISSUES_SYNCED" : "ISSUES_SYNC_FAILED", message, null, null));
            return true;
        }

        private IndexedArtifact indexed(Path file, byte[] content, String now) {
            String rel = store.paths().relative(file);
            return new IndexedArtifact(rel, rel, Sha256.hex(content), (long) content.length, null, null, now);
        }

        /**
         * Whether RUN.json indexes the file as it is on disk: a sync killed after writing the artifacts but before
         * RUN.json left them unrecorded, and the next sync must finish the record even when nothing else changed.
         */
        private boolean indexed(Path file) {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try {
                String sha = Sha256.hex(Files.readAllBytes(file));
                String rel = store.paths().relative(file);
                return store.read(runId).artifactsIndex().stream().anyMatch(a -> rel.equals(a.path()) && sha.equals(a.sha256()));
            } catch (IOException e) {
                return false;
            }
        }

        /** True when an issue was opened or closed on GitHub since the last artifact was written. */
        private boolean githubStatesMoved(Path artifact, List<ItemResult> now) {
            if (!Files.isRegularFile(artifact)) {
                return true;
            }
            try {
                JsonNode doc = Json.LENIENT.readTree(Files.readAllBytes(artifact));
                Map<String, String> before = new HashMap<>();
                for (JsonNode i : doc.path("issues")) {
                    before.put(i.path("plan_item_id").asString(""), i.path("github_state").asString(null));
                }
                for (ItemResult r : now) {
                    if (!before.containsKey(r.planItemId()) || !Objects.equals(before.get(r.planItemId()), r.githubState())) {
                        return true;
                    }
                }
                return before.size() != now.size();
            } catch (IOException | RuntimeException e) {
                return true; // unreadable: rewrite it
            }
        }

        private OrunException fatal(GitHubException e) {
            String repo = github.repository();
            long done = results.stream().filter(r -> r.action() != SyncStatus.FAILED).count();
            String progress = dryRun || done == 0 ? "" : " (" + done + " of " + items.size() + " plan items done and saved; "
                    + "'orun issues sync --run " + runId + "' resumes)";
            String fromVar = tokenVariable.equals("PASS_GITHUB_ISSUES_TOKEN") ? "" : " (the token now comes from " + tokenVariable + ")";
            String text = switch (e.kind()) {
                case AUTH -> "GitHub rejected the token for " + repo + " (" + e.status() + " " + e.githubMessage()
                        + "): set PASS_GITHUB_ISSUES_TOKEN to a valid token that may write issues in " + repo + fromVar;
                case FORBIDDEN -> "GitHub forbids this token to write issues or labels in " + repo + " (" + e.status() + " "
                        + e.githubMessage() + "): give the token in PASS_GITHUB_ISSUES_TOKEN issues and labels write access to "
                        + repo + fromVar;
                case NOT_FOUND -> "repository " + repo + " not found at " + e.getMessage().replaceFirst("^GitHub answered ", "")
                        + ": the repository (--repo or GITHUB_ISSUES_REPOSITORY) is wrong or the token in "
                        + "PASS_GITHUB_ISSUES_TOKEN cannot see it" + fromVar;
                case RATE_LIMIT -> "GitHub's rate limit stopped the sync: " + e.getMessage() + ": run it again later";
                case UNREACHABLE -> e.getMessage() + ": check GITHUB_API_URL and the network, then run it again";
                default -> e.getMessage() + " (after retries): run it again later";
            };
            return new OrunException(Exit.EXTERNAL, text + progress, e);
        }

        private void log(String line) {
            sink.accept(line);
        }
    }

    private String now() {
        return Times.iso(clock.instant());
    }

    /**
     * The sync's log, {@code logs/issues/sync.log} (gitignored): what the sync decided and every request line the
     * client reports, scrubbed as every log is (ScrubSettings, with the environment's secrets). A dry run writes nowhere.
     */
    public Consumer<String> log(String runId, boolean dryRun) {
        if (dryRun) {
            return line -> { };
        }
        Path file = store.paths().logsDir(runId).resolve("issues").resolve("sync.log");
        PiiScrubber scrubber = ScrubSettings.forLogs(store.paths(), store.schemas(), env);
        return line -> {
            try {
                AppendLog.append(file, now() + " " + line + "\n", scrubber::scrub);
            } catch (IOException ignored) {
                // the log is a convenience; the sync does not fail for it
            }
        };
    }
}
