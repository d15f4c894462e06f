package dev.orun.issues;

import dev.orun.cli.OrunCli;
import dev.orun.github.FakeGitHub;
import dev.orun.github.GitHubClient;
import dev.orun.github.GitHubSettings;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import dev.orun.store.RunStore;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a sync decides per plan item — create, update, leave alone — seen through a dry run against a fake GitHub. */
class IssueSyncDiffTest {
    private static final String REPO = "acme/widgets";
    private static final String TOKEN = "ghp_diffTESTtoken1234567890";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String PLAN = """
            {"implementation": {"github_issue_plan": [
              {"id": "same", "title": "Same", "summary": "Unchanged item", "labels": ["a"]},
              {"id": "edited", "title": "Edited", "summary": "New text", "labels": ["a"]},
              {"id": "new", "title": "New", "summary": "Not on GitHub yet", "labels": ["b"], "depends_on": ["same"]}]}}
            """;

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    private final FakeGitHub github = new FakeGitHub(REPO, TOKEN);
    private RunStore store;
    private String runId;

    @BeforeEach
    void setUp() throws IOException {
        server.setDispatcher(github);
        OrunCli cli = OrunCli.initialisedRepo(dir).clock(CLOCK);
        runId = cli.run("run", "start", "--workflow", "hello", "--slug", "diff", "--artifact-path", "out/d").assertExit(0).lastLine();
        OrunPaths paths = new OrunPaths(dir, dir.resolve("orchestration/runs"));
        Path pack = paths.recordDir(runId).resolve("artifacts/architecture_pack.json");
        Files.createDirectories(pack.getParent());
        Files.writeString(pack, PLAN);
        store = new RunStore(paths, new SchemaValidator(), Duration.ofSeconds(5), CLOCK);
    }

    private GitHubClient client() {
        GitHubSettings settings = GitHubSettings.resolve(Map.of("GITHUB_API_URL", server.url("/").toString(),
                "PASS_GITHUB_ISSUES_TOKEN", TOKEN), REPO);
        return new GitHubClient(settings, d -> { }, CLOCK, "orun-test", line -> { });
    }

    private PlanItem item(String id) throws IOException {
        Path pack = store.paths().recordDir(runId).resolve("artifacts/architecture_pack.json");
        return IssuePlanReader.read(pack, "pack", runId).stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void an_item_whose_marker_hash_matches_is_unchanged_an_edited_one_updated_and_a_missing_one_created() throws IOException {
        github.add("Same", IssueContent.render(item("same"), runId, d -> null).body(), List.of("orun", "a"), false);
        String stale = IssueContent.render(new PlanItem("edited", "Edited", "Old text", "", List.of("a"), List.of(), List.of()),
                runId, d -> null).body();
        github.add("Edited", stale, List.of("orun", "a"), false);
        github.add("A pull request with a marker", IssueContent.render(item("new"), runId, d -> null).body(), List.of("orun"), true);
        github.add("Another run's issue", new IssueContent.Marker("run_other", "new", null).render(), List.of("orun"), false);
        github.clearSeen();

        SyncReport report = new IssueSync(store, CLOCK, Duration.ofSeconds(5)).sync(runId, client(), "PASS_GITHUB_ISSUES_TOKEN", true);

        assertEquals(Map.of("same", SyncStatus.UNCHANGED, "edited", SyncStatus.UPDATED, "new", SyncStatus.CREATED),
                report.items().stream().collect(Collectors.toMap(ItemResult::planItemId, ItemResult::action)));
        assertEquals(List.of("orun", "a", "b"), report.labelsCreated(), "the fake repository has no labels yet");
        assertEquals(List.of(), github.writes(), "a dry run writes nothing to GitHub");
        assertFalse(report.recordChanged());
        assertFalse(Files.exists(store.paths().recordDir(runId).resolve("issues/sync.json")), "nor locally");
    }
}
