package dev.orun.issues;

import dev.orun.github.GitHubClient;
import dev.orun.run.Times;
import dev.orun.scrub.PiiScrubber;
import dev.orun.scrub.ScrubSettings;
import dev.orun.store.AppendLog;
import dev.orun.store.IgnoredFolder;
import dev.orun.store.OrunPaths;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        SyncSession s = new SyncSession(store, clock, runId, github, tokenVariable, items, file, dryRun, log(runId, dryRun));
        if (dryRun) {
            return s.run();
        }
        try (RunLock ignored = RunLock.acquire(IgnoredFolder.ensure(paths.logsDir(runId)).resolve("issues-sync.lock"), lockTimeout, runId)) {
            return s.run();
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
