package dev.orun.github;

import dev.orun.cli.OrunCli;
import dev.orun.cli.Shared;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conformance to GitHub's published OpenAPI description: orun's requests go through a recording relay to the
 * spec-validating stand-in {@code ../shared/fakes/serve github}, which answers 422 with an {@code sl-violations}
 * header to any request that breaks the description. Any such answer fails the test.
 */
class GitHubConformanceTest {
    private static final Path SERVE = Shared.fakes("serve");
    private static int port;
    private static String upstream;

    /** What the stand-in answered to each request. */
    record Exchange(String method, String path, int status, String violations) {
    }

    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final OkHttpClient relayClient = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

    @StartStop
    final MockWebServer relay = new MockWebServer();

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheStandIn() {
        Shared.require(SERVE);
    }

    @BeforeAll
    static void startStandIn() throws Exception {
        if (!Shared.present(SERVE)) {
            return; // each test is skipped by needsTheStandIn, so the report counts and names them
        }
        assertTrue(Files.isExecutable(SERVE), SERVE + " is not executable");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(SERVE.toString(), "github", "start", String.valueOf(port)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, "the GitHub stand-in did not start (needs node and npm): " + out);
        upstream = out.lines().reduce((a, b) -> b).orElseThrow();
    }

    @AfterAll
    static void stopStandIn() throws Exception {
        if (port > 0) {
            new ProcessBuilder(SERVE.toString(), "github", "stop", String.valueOf(port)).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_real_sync_and_every_client_call_pass_githubs_api_description() throws IOException {
        relay.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest req) {
                return forward(req);
            }
        });
        OrunCli cli = OrunCli.initialisedRepo(dir).sleeper(d -> { });
        String runId = cli.run("run", "start", "--workflow", "hello", "--slug", "conformance", "--artifact-path", "out/a").assertExit(0).lastLine();
        Path pack = dir.resolve("orchestration/runs/" + runId + "/record/artifacts/architecture_pack.json");
        Files.createDirectories(pack.getParent());
        Files.copy(Path.of("src/test/resources/issues/pack-three.json"), pack);
        String api = relay.url("/").toString();
        cli.env("GITHUB_API_URL", api).env("GITHUB_ISSUES_REPOSITORY", "octocat/hello-world")
                .env("PASS_GITHUB_ISSUES_TOKEN", "ghp_conformance");

        OrunCli.Result first = cli.run("issues", "sync", "--run", runId);
        OrunCli.Result again = cli.run("issues", "sync", "--run", runId);

        // What a sync does not reach against a stateless server: an update and a direct read.
        GitHubSettings settings = GitHubSettings.resolve(Map.of("GITHUB_API_URL", api,
                "GITHUB_ISSUES_REPOSITORY", "octocat/hello-world", "PASS_GITHUB_ISSUES_TOKEN", "ghp_conformance"), null);
        GitHubClient client = new GitHubClient(settings, d -> { }, Clock.systemUTC(), "orun/test", line -> { });
        client.updateIssue(1347, "A title", "A body\n\n<!-- orun:issue run=" + runId + " item=x -->", List.of("orun", "pass"));
        client.getIssue(1347);
        client.createLabel("orun", "5319e7", "Issue synced by orun from an architecture pack");

        List<Exchange> rejected = exchanges.stream().filter(e -> e.violations() != null || e.status() == 422).toList();
        assertEquals(List.of(), rejected, "requests that break GitHub's API description");
        first.assertExit(0);
        again.assertExit(0);
        for (String kind : List.of("GET /repos/octocat/hello-world/issues", "GET /repos/octocat/hello-world/labels",
                "POST /repos/octocat/hello-world/labels", "POST /repos/octocat/hello-world/issues",
                "GET /repos/octocat/hello-world/issues/1347", "PATCH /repos/octocat/hello-world/issues/1347")) {
            assertTrue(exchanges.stream().anyMatch(e -> (e.method() + " " + e.path()).equals(kind) && e.status() < 300),
                    kind + " was exercised and accepted: " + exchanges);
        }
    }

    private MockResponse forward(RecordedRequest req) {
        String target = upstream + req.getTarget();
        Headers.Builder headers = new Headers.Builder();
        for (String name : req.getHeaders().names()) {
            if (!List.of("host", "content-length", "connection", "accept-encoding").contains(name.toLowerCase())) {
                req.getHeaders().values(name).forEach(v -> headers.add(name, v));
            }
        }
        RequestBody body = null;
        if (req.getBody() != null && !req.getMethod().equals("GET")) {
            String type = req.getHeaders().get("Content-Type");
            body = RequestBody.create(req.getBody().utf8(), type == null ? null : MediaType.get(type));
        }
        Request out = new Request.Builder().url(target).headers(headers.build()).method(req.getMethod(), body).build();
        try (Response r = relayClient.newCall(out).execute()) {
            exchanges.add(new Exchange(req.getMethod(), req.getUrl().encodedPath(), r.code(), r.header("sl-violations")));
            MockResponse.Builder b = new MockResponse.Builder().code(r.code());
            for (String name : r.headers().names()) {
                if (!List.of("content-length", "connection", "keep-alive", "transfer-encoding").contains(name.toLowerCase())) {
                    r.headers(name).forEach(v -> b.addHeader(name, v));
                }
            }
            return b.body(r.body().string()).build();
        } catch (IOException e) {
            exchanges.add(new Exchange(req.getMethod(), req.getUrl().encodedPath(), 599, "relay failed: " + e));
            return new MockResponse.Builder().code(502).body("relay failed").build();
        }
    }
}
