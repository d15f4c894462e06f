package dev.orun.cli;

import dev.orun.github.FakeGitHub;
import dev.orun.github.FakeGitHub.Seen;
import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun issues sync} against a stateful GitHub stand-in on 127.0.0.1. */
class IssuesSyncCommandTest {
    static final String TOKEN = "ghp_s3cretTOKENvalue1234567890";
    static final String REPO = "acme/widgets";
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    FakeGitHub github;
    OrunCli cli;
    String runId;
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        github = new FakeGitHub(REPO, TOKEN);
        server.setDispatcher(github);
        cli = OrunCli.initialisedRepo(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC)).sleeper(sleeps::add);
        runId = cli.run("run", "start", "--workflow", "hello", "--slug", "plan", "--artifact-path", "out/plan").assertExit(0).lastLine();
        cli.env("GITHUB_API_URL", server.url("/").toString())
                .env("GITHUB_ISSUES_REPOSITORY", REPO)
                .env("PASS_GITHUB_ISSUES_TOKEN", TOKEN);
        putPack(resource("pack-three.json"));
    }

    @Test
    void first_sync_creates_every_item_once_in_dependency_order_with_labels_markers_and_links() throws IOException {
        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(0);

        List<FakeGitHub.Issue> issues = github.issues();
        assertEquals(3, issues.size(), r.describe());
        assertEquals("Compile slide data at build time", issues.get(0).title);
        assertEquals("Client-side navigation", issues.get(1).title);
        assertEquals("Build the slide UI", issues.get(2).title);
        FakeGitHub.Issue ui = issues.get(2);
        assertTrue(ui.body.contains("Depends on #1") && ui.body.contains("Depends on #2"), ui.body);
        assertTrue(ui.body.contains("- [ ] Slides render"), ui.body);
        assertTrue(ui.body.strip().matches("(?s).*<!-- orun:issue run=" + runId + " item=issue_ui sha256=[0-9a-f]{64} -->$"), ui.body);
        assertEquals(List.of("frontend", "pass", "orun"), ui.labels);
        assertEquals(Set.of("orun", "frontend", "pass", "build"), new HashSet<>(github.labels()));

        // Labels are made before the issues that use them; every request carries GitHub's headers.
        List<Seen> writes = github.writes();
        int lastLabel = -1;
        int firstIssue = Integer.MAX_VALUE;
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i).path().endsWith("/labels")) {
                lastLabel = i;
            } else {
                firstIssue = Math.min(firstIssue, i);
            }
        }
        assertTrue(lastLabel < firstIssue, writes.toString());
        for (Seen s : github.seen()) {
            assertEquals("Bearer " + TOKEN, s.authorization());
            assertEquals("application/vnd.github+json", s.accept());
            assertEquals("2022-11-28", s.apiVersion());
            assertTrue(s.userAgent().startsWith("orun/"), s.userAgent());
        }
        Seen list = github.seen().get(0);
        assertEquals("/repos/acme/widgets/issues", list.path());
        assertTrue(list.query().contains("labels=orun") && list.query().contains("state=all"), list.query());

        // State, artifacts (listed with their SHA-256) and the event.
        JsonNode state = Json.STRICT.readTree(recordFile("issues/sync.json").toFile());
        assertTrue(new SchemaValidator().validate("issue-sync.schema.json", state).isEmpty());
        assertEquals(3, state.path("items").size());
        JsonNode art = Json.STRICT.readTree(recordFile("artifacts/implementation_issue_state.json").toFile());
        assertTrue(new SchemaValidator().validate("implementation-issue-state.schema.json", art).isEmpty());
        assertEquals("created", art.path("issues").get(0).path("sync_status").asString());
        assertEquals(1, art.path("issues").get(0).path("issue_number").asInt());
        assertEquals("open", art.path("issues").get(0).path("github_state").asString());
        String md = Files.readString(recordFile("artifacts/implementation_issue_state_summary.md"));
        assertTrue(md.contains("| issue_ui | Build the slide UI | [#3](https://github.com/acme/widgets/issues/3) | open | created |"), md);
        JsonNode run = runJson();
        Map<String, String> index = new TreeMap<>();
        run.path("artifacts_index").forEach(a -> index.put(a.path("path").asString(), a.path("sha256").asString()));
        for (String name : List.of("implementation_issue_state.json", "implementation_issue_state_summary.md")) {
            String rel = "orchestration/runs/" + runId + "/record/artifacts/" + name;
            assertEquals(Sha256.file(dir.resolve(rel)), index.get(rel), index.toString());
        }
        JsonNode last = run.path("events").get(run.path("events").size() - 1);
        assertEquals("ISSUES_SYNCED", last.path("type").asString());
        assertEquals("Issues synced to acme/widgets: 3 created, 0 updated, 0 unchanged", last.path("message").asString());
        assertTrue(r.out().contains("3 created, 0 updated, 0 unchanged, 0 failed"), r.describe());
    }

    @Test
    void second_sync_writes_nothing_to_github_or_the_record() throws IOException {
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        Map<String, String> before = snapshot(dir.resolve("orchestration/runs/" + runId + "/record"));
        github.clearSeen();

        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(List.of(), github.writes(), r.describe());
        assertEquals(3, github.issues().size());
        assertEquals(before, snapshot(dir.resolve("orchestration/runs/" + runId + "/record")));
        assertTrue(r.out().contains("0 created, 0 updated, 3 unchanged, 0 failed (nothing changed; record left as it was)"), r.describe());
    }

    @Test
    void a_server_failing_after_two_creates_exits_5_with_two_saved_and_a_resume_creates_the_rest_once() throws IOException {
        github.failCreatesAfter(2);

        OrunCli.Result failed = cli.run("issues", "sync", "--run", runId).assertExit(5);

        assertEquals(2, github.issues().size());
        assertTrue(failed.err().contains("GitHub answered 500 to POST /repos/acme/widgets/issues"), failed.describe());
        assertTrue(failed.err().contains("2 of 3 plan items done and saved"), failed.describe());
        JsonNode state = Json.STRICT.readTree(recordFile("issues/sync.json").toFile());
        assertEquals(2, state.path("items").size());
        assertEquals(3, sleeps.size(), "three waits between four attempts: " + sleeps);
        JsonNode run = runJson();
        assertEquals("ISSUES_SYNC_FAILED", run.path("events").get(run.path("events").size() - 1).path("type").asString());

        github.failCreatesAfter(Integer.MAX_VALUE);
        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(3, github.issues().size());
        assertOneIssuePerItem();
        assertEquals(3, Json.STRICT.readTree(recordFile("issues/sync.json").toFile()).path("items").size());
    }

    @Test
    void a_create_answered_with_an_error_after_github_made_it_is_found_not_made_twice() {
        github.makeButAnswer500(1);

        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(3, github.issues().size());
        assertOneIssuePerItem();
    }

    @Test
    void a_connection_dropped_after_github_made_the_issue_is_never_resent_by_the_transport() throws IOException {
        // The first create answers, so the next goes out on a pooled connection: the case OkHttp re-sends by default.
        github.makeButDrop(n -> n > 1);

        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(3, github.issues().size(), r.describe());
        assertOneIssuePerItem();
        long posts = github.writes().stream().filter(s -> s.method().equals("POST") && s.path().endsWith("/issues")).count();
        assertEquals(3, posts, "one POST per item reached the server; every retry went through the marker lookup");
        String log = Files.readString(dir.resolve("orchestration/runs/" + runId + "/logs/issues/sync.log"));
        assertEquals(3, log.lines().filter(l -> l.contains("POST ") && l.contains("/issues ")).count(), log);
    }

    @Test
    void a_sync_stopped_after_its_state_and_artifacts_but_before_run_json_is_recorded_by_the_next_sync() throws IOException {
        byte[] before = Files.readAllBytes(recordFile("RUN.json"));
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        // The state a kill between the artifacts and RUN.json leaves: sync.json and both artifacts on disk, RUN.json as before.
        Files.write(recordFile("RUN.json"), before);
        assertTrue(Files.exists(recordFile("artifacts/implementation_issue_state.json")));

        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(0);

        JsonNode run = runJson();
        assertTrue(run.toString().contains("ISSUES_SYNCED"), r.describe());
        List<String> indexed = new ArrayList<>();
        run.path("artifacts_index").forEach(a -> indexed.add(a.path("path").asString()));
        assertTrue(indexed.stream().anyMatch(p -> p.endsWith("implementation_issue_state.json")), indexed.toString());
        assertTrue(indexed.stream().anyMatch(p -> p.endsWith("implementation_issue_state_summary.md")), indexed.toString());
        assertEquals(3, github.issues().size());
        cli.run("run", "verify", "--run", runId).assertExit(0);
    }

    @Test
    void a_lost_state_file_still_creates_no_duplicate() throws IOException {
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        Files.delete(recordFile("issues/sync.json"));
        github.clearSeen();

        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(3, github.issues().size());
        assertEquals(List.of(), github.writes().stream().filter(s -> s.path().endsWith("/issues")).toList());
        assertTrue(Files.exists(recordFile("issues/sync.json")), "the cache is rebuilt from the markers");
    }

    @Test
    void an_issue_whose_label_was_removed_by_hand_is_still_found_through_the_state_file() {
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        github.issue(1).labels.remove("orun");
        github.clearSeen();

        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(3, github.issues().size());
        assertTrue(github.seen().stream().anyMatch(s -> s.method().equals("GET") && s.path().endsWith("/issues/1")));
        assertEquals(List.of(), github.writes());
    }

    @Test
    void an_issue_edited_on_github_is_updated_back_only_when_the_plan_changed() throws IOException {
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        FakeGitHub.Issue data = github.issue(1);
        String marker = data.body.substring(data.body.indexOf("<!-- orun:issue"));
        data.title = "Renamed by a person";
        data.body = "A person's notes.\n\n" + marker;
        data.labels.add("in-progress");
        github.clearSeen();

        cli.run("issues", "sync", "--run", runId).assertExit(0);
        Files.delete(recordFile("issues/sync.json"));
        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(List.of(), github.writes(), "the plan did not change: the person's edit stays");
        assertEquals("Renamed by a person", github.issue(1).title);

        String pack = Files.readString(recordFile("artifacts/architecture_pack.json"))
                .replace("Compile slide data at build time", "Compile slide data during the build");
        putPack(pack);
        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(0);

        List<Seen> writes = github.writes();
        assertEquals(1, writes.size(), writes.toString());
        assertEquals("PATCH", writes.get(0).method());
        assertEquals("/repos/acme/widgets/issues/1", writes.get(0).path());
        assertEquals("Compile slide data during the build", github.issue(1).title);
        assertTrue(github.issue(1).body.startsWith("Turn local JSON into typed slides."), github.issue(1).body);
        assertEquals(List.of("build", "pass", "orun", "in-progress"), github.issue(1).labels, "a label a person added is kept");
        assertTrue(r.out().contains("0 created, 1 updated, 2 unchanged, 0 failed"), r.describe());
        JsonNode art = Json.STRICT.readTree(recordFile("artifacts/implementation_issue_state.json").toFile());
        assertEquals("updated", art.path("issues").get(0).path("sync_status").asString());
    }

    @Test
    void markers_are_found_across_several_pages_and_pull_requests_are_skipped() throws IOException {
        putPack(generatedPack(7));
        github.pageSize(2);
        github.add("A pull request", "<!-- orun:issue run=" + runId + " item=item_1 -->", List.of("orun"), true);
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        assertEquals(8, github.issues().size());
        Files.delete(recordFile("issues/sync.json"));
        github.clearSeen();

        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(List.of(), github.writes());
        List<String> issuePages = github.seen().stream().filter(s -> s.path().endsWith("/issues")).map(Seen::query).toList();
        assertEquals(4, issuePages.size(), issuePages.toString());
        assertTrue(issuePages.get(3).contains("page=4"), issuePages.toString());
        assertEquals(8, github.issues().size());
    }

    @Test
    void a_rejected_token_exits_5_naming_the_variable_and_the_token_appears_nowhere() throws IOException {
        String wrong = "ghp_WRONGtoken_0987654321abcdef";
        cli.env("PASS_GITHUB_ISSUES_TOKEN", wrong);

        List<OrunCli.Result> results = List.of(
                cli.run("issues", "sync", "--run", runId).assertExit(5),
                cli.run("issues", "sync", "--run", runId, "--verbose").assertExit(5),
                cli.run("issues", "sync", "--run", runId, "--json").assertExit(5),
                cli.run("issues", "sync", "--run", runId, "--dry-run", "--verbose").assertExit(5));

        OrunCli.Result r = results.get(0);
        assertTrue(r.err().contains("PASS_GITHUB_ISSUES_TOKEN") && r.err().contains("acme/widgets")
                && r.err().contains("401 Bad credentials"), r.describe());
        assertEquals(1, r.err().strip().lines().count(), r.describe());
        assertTrue(results.get(1).err().contains("GET /repos/acme/widgets/issues"), "verbose shows requests: " + results.get(1).describe());
        for (OrunCli.Result each : results) {
            assertFalse(each.out().contains(wrong) || each.err().contains(wrong), each.describe());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("orchestration/runs/" + runId))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.toString().endsWith("sync.log")), "the request log exists: " + files);
        for (Path f : files) {
            assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(wrong), f.toString());
        }
        assertEquals(List.of(), github.writes());
    }

    @Test
    void a_forbidden_token_and_an_unknown_repository_say_what_to_fix() {
        github.interceptOnce(req -> FakeGitHub.json(403, Json.LENIENT.createObjectNode().put("message", "Resource not accessible by personal access token")));
        OrunCli.Result forbidden = cli.run("issues", "sync", "--run", runId).assertExit(5);
        assertTrue(forbidden.err().contains("PASS_GITHUB_ISSUES_TOKEN") && forbidden.err().contains("acme/widgets")
                && forbidden.err().contains("Resource not accessible"), forbidden.describe());

        OrunCli.Result missing = cli.run("issues", "sync", "--run", runId, "--repo", "acme/nope").assertExit(5);
        assertTrue(missing.err().contains("repository acme/nope not found") && missing.err().contains("cannot see it"), missing.describe());
    }

    @Test
    void the_primary_rate_limit_is_waited_out_until_its_reset() {
        long reset = NOW.getEpochSecond() + 42;
        github.interceptOnce(req -> new MockResponse.Builder().code(403).addHeader("x-ratelimit-remaining", "0")
                .addHeader("x-ratelimit-reset", String.valueOf(reset)).addHeader("Content-Type", "application/json")
                .body("{\"message\":\"API rate limit exceeded\"}").build());

        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(List.of(Duration.ofSeconds(43)), sleeps);
        assertEquals(3, github.issues().size());
    }

    @Test
    void a_rate_limit_resetting_later_than_the_allowed_wait_fails_at_once() {
        cli.env("GITHUB_RATE_LIMIT_MAX_WAIT", "10m");
        long reset = NOW.getEpochSecond() + 3600;
        github.interceptOnce(req -> new MockResponse.Builder().code(403).addHeader("x-ratelimit-remaining", "0")
                .addHeader("x-ratelimit-reset", String.valueOf(reset)).addHeader("Content-Type", "application/json")
                .body("{\"message\":\"API rate limit exceeded\"}").build());

        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(5);

        assertEquals(List.of(), sleeps);
        assertTrue(r.err().contains("rate limit") && r.err().contains("2026-03-01T11:00:00Z"), r.describe());
    }

    @Test
    void an_unreachable_github_exits_5_after_the_retries() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        cli.env("GITHUB_API_URL", "http://127.0.0.1:" + closed);

        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(5);

        assertEquals(3, sleeps.size(), sleeps.toString());
        assertTrue(r.err().contains("cannot reach GitHub at http://127.0.0.1:" + closed) && r.err().contains("GITHUB_API_URL"), r.describe());
    }

    @Test
    void a_secondary_limit_and_a_5xx_are_retried_after_retry_after() {
        github.interceptOnce(req -> new MockResponse.Builder().code(403).addHeader("Retry-After", "7")
                .addHeader("Content-Type", "application/json")
                .body("{\"message\":\"You have exceeded a secondary rate limit\"}").build());
        github.interceptOnce(req -> req.getUrl().encodedPath().endsWith("/labels") ? new MockResponse.Builder().code(503)
                .addHeader("Retry-After", "3").body("unavailable").build() : null);

        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(3)), sleeps);
        assertEquals(3, github.issues().size());
    }

    @Test
    void a_rejected_item_is_reported_with_githubs_message_and_the_others_are_synced() {
        github.interceptOnce(req -> req.getMethod().equals("POST") && req.getBody().utf8().contains("Client-side navigation")
                ? FakeGitHub.json(422, Json.LENIENT.readTree("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Issue\",\"field\":\"title\",\"code\":\"invalid\"}]}"))
                : null);

        OrunCli.Result r = cli.run("issues", "sync", "--run", runId).assertExit(5);

        assertTrue(r.err().contains("plan item issue_nav failed: GitHub answered 422") && r.err().contains("Validation Failed (title invalid)"),
                r.describe());
        assertEquals(1, github.issues().size(), "issue_ui depends on the failed item and waits for it");
        assertTrue(r.out().contains("it depends on issue_nav, which failed"), r.describe());
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        assertEquals(3, github.issues().size());
        assertOneIssuePerItem();
    }

    @Test
    void dry_run_prints_the_plan_and_writes_nothing_anywhere() throws IOException {
        Path runDir = dir.resolve("orchestration/runs/" + runId);
        Map<String, String> before = snapshot(runDir);

        OrunCli.Result r = cli.run("issues", "sync", "--run", runId, "--dry-run").assertExit(0);

        assertEquals(before, snapshot(runDir));
        assertEquals(List.of(), github.writes());
        assertTrue(r.out().contains("labels to create: orun, build, pass, frontend"), r.describe());
        assertTrue(r.out().contains("create    -      issue_data"), r.describe());
        assertTrue(r.out().contains("would be: 3 to create, 0 to update, 0 unchanged, 0 failed (dry run: nothing written)"), r.describe());

        cli.run("issues", "sync", "--run", runId).assertExit(0);
        putPack(Files.readString(recordFile("artifacts/architecture_pack.json")).replace("Keyboard and buttons.", "Keyboard only."));
        before = snapshot(runDir);
        github.clearSeen();
        OrunCli.Result plan = cli.run("issues", "sync", "--run", runId, "--dry-run", "--json").assertExit(0);

        assertEquals(before, snapshot(runDir));
        assertEquals(List.of(), github.writes());
        JsonNode doc = Json.STRICT.readTree(plan.out());
        assertEquals("unchanged", doc.path("items").get(0).path("action").asString());
        assertEquals("updated", doc.path("items").get(1).path("action").asString());
        assertEquals(2, doc.path("items").get(1).path("issue_number").asInt());
        assertTrue(doc.path("dry_run").asBoolean());
    }

    @Test
    void settings_come_from_dot_env_under_the_environment() throws IOException {
        OrunCli fresh = new OrunCli(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC)).sleeper(sleeps::add)
                .env("GITHUB_API_URL", server.url("/").toString());
        Files.writeString(dir.resolve(".env"), "GITHUB_ISSUES_OWNER=acme\nGITHUB_ISSUES_REPO=widgets\n"
                + "export PASS_GITHUB_ISSUES_TOKEN=\"" + TOKEN + "\"\n");

        fresh.run("issues", "sync", "--run", runId).assertExit(0);
        assertEquals(3, github.issues().size());

        OrunCli none = new OrunCli(dir).env("GITHUB_API_URL", server.url("/").toString());
        Files.writeString(dir.resolve(".env"), "PASS_GITHUB_ISSUES_TOKEN=" + TOKEN + "\n");
        OrunCli.Result noRepo = none.run("issues", "sync", "--run", runId).assertExit(2);
        assertTrue(noRepo.err().contains("--repo OWNER/REPO") && noRepo.err().contains("GITHUB_ISSUES_REPOSITORY"), noRepo.describe());
    }

    @Test
    void a_run_without_a_pack_or_with_a_broken_plan_is_refused_before_any_request() throws IOException {
        Files.delete(recordFile("artifacts/architecture_pack.json"));
        OrunCli.Result none = cli.run("issues", "sync", "--run", runId).assertExit(3);
        assertTrue(none.err().contains("orun plan --run " + runId), none.describe());

        putPack(resource("pack-three.json").replace("\"depends_on\": [\"issue_data\"]", "\"depends_on\": [\"issue_ui\"]"));
        OrunCli.Result cycle = cli.run("issues", "sync", "--run", runId).assertExit(4);
        assertTrue(cycle.err().contains("/implementation/github_issue_plan: depends_on forms a cycle"), cycle.describe());
        assertEquals(List.of(), github.seen());
    }

    @Test
    void the_seed_sample_pack_syncs() {
        putPack(resource("seed-sample-pack.json"));

        cli.run("issues", "sync", "--run", runId).assertExit(0);

        assertEquals(2, github.issues().size());
        assertTrue(github.issue(2).body.contains("Depends on #1"));
    }

    @Test
    void a_second_sync_of_the_same_run_waits_for_the_first_and_gives_up_with_exit_6() {
        Path lock = dir.resolve("orchestration/runs/" + runId + "/logs/issues-sync.lock");
        try (dev.orun.store.RunLock held = dev.orun.store.RunLock.acquire(lock, Duration.ofSeconds(5), runId)) {
            OrunCli.Result r = cli.run("issues", "sync", "--run", runId, "--lock-timeout", "200ms").assertExit(6);
            assertTrue(r.err().contains("locked"), r.describe());
        }
        assertEquals(List.of(), github.seen());
        cli.run("issues", "sync", "--run", runId).assertExit(0);
        assertEquals(3, github.issues().size());
    }

    // --- helpers

    private void assertOneIssuePerItem() {
        Set<String> markers = new HashSet<>();
        for (FakeGitHub.Issue i : github.issues()) {
            String m = i.body.replaceAll("(?s).*<!-- orun:issue run=\\S+ item=(\\S+) .*", "$1");
            assertTrue(markers.add(m), "two issues for " + m);
        }
    }

    private Path recordFile(String rel) {
        return dir.resolve("orchestration/runs/" + runId + "/record/" + rel);
    }

    private JsonNode runJson() {
        return Json.STRICT.readTree(recordFile("RUN.json").toFile());
    }

    private void putPack(String json) {
        try {
            Path f = recordFile("artifacts/architecture_pack.json");
            Files.createDirectories(f.getParent());
            Files.writeString(f, json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = IssuesSyncCommandTest.class.getResourceAsStream("/issues/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String generatedPack(int n) {
        ObjectNode root = Json.LENIENT.createObjectNode();
        ArrayNode plan = root.putObject("implementation").putArray("github_issue_plan");
        for (int i = 1; i <= n; i++) {
            ObjectNode item = plan.addObject();
            item.put("id", "item_" + i).put("title", "Item " + i).put("summary", "Summary " + i).put("body", "Body " + i);
            item.putArray("labels").add("gen");
            item.putArray("depends_on");
            item.putArray("acceptance_criteria").add("Done " + i);
        }
        return root.toString();
    }

    /** Every file under a folder with its SHA-256. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Sha256.file(p));
            }
        }
        return out;
    }
}
