package dev.orun.gate;

import dev.orun.cli.OrunCli;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.orun.gate.ValidationTypesTest.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** url_reachable through 'orun gate finish' against a real server on 127.0.0.1. */
class UrlReachableTest {
    @StartStop
    final MockWebServer server = new MockWebServer();
    final List<String> seen = new CopyOnWriteArrayList<>();
    final CountDownLatch together = new CountDownLatch(4);

    @BeforeEach
    void serve() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getTarget();
                seen.add(request.getMethod() + " " + path);
                if (path.startsWith("/hop/")) {
                    int n = Integer.parseInt(path.substring(5));
                    return n == 0 ? new MockResponse.Builder().code(200).build()
                            : new MockResponse.Builder().code(302).addHeader("Location", "/hop/" + (n - 1)).build();
                }
                if (path.startsWith("/together/")) {
                    // Answers 200 only when all four /together/ probes are in flight at once: one at a time, each gets 503.
                    together.countDown();
                    try {
                        return new MockResponse.Builder().code(together.await(8, TimeUnit.SECONDS) ? 200 : 503).build();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new MockResponse.Builder().code(500).build();
                    }
                }
                if (path.equals("/slow")) {
                    return new MockResponse.Builder().code(200).headersDelay(10, TimeUnit.SECONDS).build();
                }
                return new MockResponse.Builder().code(path.startsWith("/ok") ? 200 : 404).build();
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    GateFixture fixture(Path dir, String file, String extra) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"url_reachable\", \"target\": \"{artifact_path}/images.ts\"" + extra + "}]");
        f.write("out/demo/images.ts", file);
        return f;
    }

    @Test
    void every_distinct_url_is_probed_once_with_head_and_redirects_are_followed(@TempDir Path dir) {
        String file = "a: \"" + url("/ok/a.webp") + "\",\nb: \"" + url("/ok/a.webp") + "\",\nc: '" + url("/ok/a.webp") + "'\n"
                + "d: \"" + url("/hop/5") + "\"\n";
        GateFixture f = fixture(dir, file, "");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(0);
        contains(r, "✓ url_reachable     out/demo/images.ts  2/2 reachable (2 distinct URLs found)");
        assertEquals(1, seen.stream().filter(s -> s.equals("HEAD /ok/a.webp")).count(), "each URL once: " + seen);
        assertTrue(seen.stream().allMatch(s -> s.startsWith("HEAD ")), "HEAD only: " + seen);
        assertTrue(seen.contains("HEAD /hop/0"), "5 redirects followed: " + seen);
    }

    @Test
    void a_404_a_redirect_loop_and_a_timeout_are_each_named_with_their_cause(@TempDir Path dir) {
        String file = "x = [\"" + url("/missing.jpg") + "\", \"" + url("/hop/6") + "\", \"" + url("/slow") + "\", \"" + url("/ok/1") + "\"]\n";
        GateFixture f = fixture(dir, file, ", \"max_failures\": 2");
        f.cli.env("ORUN_URL_TIMEOUT", "1500ms"); // room for a loaded machine; /slow answers after 10 s
        f.start("standard");
        long t0 = System.nanoTime();
        OrunCli.Result r = f.finish().assertExit(1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        contains(r, "1/4 reachable (4 distinct URLs found); unreachable: ");
        contains(r, "404 " + url("/missing.jpg"));
        contains(r, "0 " + url("/hop/6") + " (Too many redirects (more than 5))");
        contains(r, "0 " + url("/slow") + " (Timeout (1500ms))");
        contains(r, "3 failures, at most 2 allowed");
        assertTrue(ms < 9000, "the 1.5 s limit cut the 10 s answer short, took " + ms + " ms");
    }

    @Test
    void each_url_has_10_seconds_by_default_and_ORUN_URL_TIMEOUT_changes_it() {
        assertEquals(java.time.Duration.ofSeconds(10), CheckSettings.from(java.util.Map.of()).urlTimeout());
        assertEquals(java.time.Duration.ofSeconds(3), CheckSettings.from(java.util.Map.of("ORUN_URL_TIMEOUT", "3s")).urlTimeout());
    }

    @Test
    void the_urls_are_probed_in_parallel(@TempDir Path dir) {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            file.append('"').append(url("/together/" + i)).append("\"\n");
        }
        GateFixture f = fixture(dir, file.toString(), "");
        f.cli.env("ORUN_URL_TIMEOUT", "10s");
        f.start("standard");
        contains(f.finish().assertExit(0), "4/4 reachable (4 distinct URLs found)");
    }

    @Test
    void max_failures_tolerates_that_many(@TempDir Path dir) {
        GateFixture f = fixture(dir, "\"" + url("/ok/1") + "\" \"" + url("/gone") + "\"", ", \"max_failures\": 1");
        f.start("standard");
        contains(f.finish().assertExit(0), "1/2 reachable (2 distinct URLs found); unreachable: 404 " + url("/gone") + "; 1 failure, at most 1 allowed");
    }

    @Test
    void sample_size_probes_only_that_many_and_the_same_file_gives_the_same_sample(@TempDir Path dir) {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            file.append('"').append(url("/ok/" + i)).append("\"\n");
        }
        GateFixture f = fixture(dir, file.toString(), ", \"sample_size\": 3");
        f.start("standard");
        contains(f.finish().assertExit(0), "3/3 reachable (10 distinct URLs found, a sample of 3 probed)");
        List<String> first = List.copyOf(seen);
        assertEquals(3, first.size(), first.toString());
        seen.clear();
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--force").assertExit(0);
        f.finish().assertExit(0);
        assertEquals(new java.util.TreeSet<>(first), new java.util.TreeSet<>(seen));
    }

    @Test
    void offline_nothing_is_probed_and_the_result_is_a_warning_that_says_so(@TempDir Path dir) {
        GateFixture f = fixture(dir, "\"" + url("/gone") + "\"", "");
        f.start("standard");
        OrunCli.Result r = f.cli.run("gate", "finish", "--run", f.runId, "--gate", "G1", "--offline").assertExit(0);
        contains(r, "⚠ url_reachable     out/demo/images.ts  not checked: offline (--offline or ORUN_OFFLINE=1); 1 distinct URL found, 1 would be probed");
        assertEquals(List.of(), seen);

        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--force").assertExit(0);
        f.cli.env("ORUN_OFFLINE", "1");
        OrunCli.Result json = f.cli.run("gate", "finish", "--run", f.runId, "--gate", "G1", "--json").assertExit(0);
        var v = dev.orun.schema.Json.LENIENT.readTree(json.out()).findValue("validations").get(0);
        assertEquals("warning", v.get("severity").asString(), json.describe());
        assertFalse(v.get("pass").asBoolean(), json.describe());
        assertTrue(v.get("message").asString().startsWith("not checked: offline"), json.describe());
        assertEquals(List.of(), seen);
    }

    @Test
    void a_file_without_urls_fails(@TempDir Path dir) {
        GateFixture f = fixture(dir, "no links here", "");
        f.start("standard");
        contains(f.finish().assertExit(1), "no URLs found matching /https?://[^\\s\"'\\)>]+/gm");
    }
}
