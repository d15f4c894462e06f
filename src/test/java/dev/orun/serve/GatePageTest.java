package dev.orun.serve;

import dev.orun.cli.OrunCli;
import dev.orun.run.RunRecord;
import dev.orun.schema.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate page: a person passes a paused gate from a browser. The browser test drives Debian's Chromium with
 * playwright-core (installed by .ci/run into target/playwright); without them it is skipped, saying so.
 */
class GatePageTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path PLAYWRIGHT = Path.of(System.getenv().getOrDefault("ORUN_PLAYWRIGHT_DIR", "target/playwright/node_modules"));

    @TempDir
    Path dir;

    private ServeFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** Starts the review pipeline as CI would: it pauses at R1 for a person (exit 10). */
    private String pausedRun(String slug) {
        OrunCli.Result r = f.cli.env("CI", "true").run("run", "review", "--slug", slug, "--artifact-path", "out/" + slug, "--json");
        r.assertExit(10);
        return Json.LENIENT.readTree(r.out()).path("run_id").asString();
    }

    private RunRecord record(String id) throws Exception {
        return Json.STRICT.readValue(f.runJson(id), RunRecord.class);
    }

    @Test
    void a_person_passes_a_paused_gate_from_the_page_in_headless_chromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        Assumptions.assumeTrue(Files.isDirectory(PLAYWRIGHT.resolve("playwright-core")),
                "skipped: no playwright-core in " + PLAYWRIGHT.toAbsolutePath() + " (.ci/run installs it with npm)");
        f = new ServeFixture(dir);
        String passing = pausedRun("passing");
        String failing = pausedRun("failing");
        f.write("out/passing/REVIEW.md", "# Review\n\nLooks right.\n");

        Path script = dir.resolve("page-test.js");
        Path shot = Path.of("target/serve-gate-page.png").toAbsolutePath();
        Files.writeString(script, """
                const { chromium } = require('playwright-core');
                (async () => {
                  const [base, token, passing, failing, shot] = process.argv.slice(2);
                  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
                    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                           '--disable-component-update', '--disable-sync'] });
                  const out = {};
                  try {
                    const page = await browser.newPage();
                    await page.goto(base + '/ui');
                    out.listed = await page.locator('#runs a').allTextContents();
                    await page.click('a[href="/ui/runs/' + passing + '"]');
                    out.packet = await page.locator('#packet').textContent();
                    await page.fill('#login input[name=token]', token);
                    await Promise.all([page.waitForNavigation(), page.click('#login button')]);
                    await Promise.all([page.waitForNavigation(), page.click('#pause')]);
                    out.afterPause = await page.locator('#run-status').textContent();
                    const clicked = Date.now();
                    await Promise.all([page.waitForNavigation(), page.click('#done')]);
                    out.answeredMs = Date.now() - clicked;
                    out.working = await page.locator('#working').count() ? await page.locator('#working').textContent() : null;
                    // the page reloads itself (meta refresh) until the worker is through
                    await page.waitForSelector('#message', { timeout: 90000 });
                    out.afterDone = await page.locator('#run-status').textContent();
                    out.doneMessage = await page.locator('#message').textContent();
                    out.gates = await page.locator('#gates td.status').allTextContents();
                    await page.screenshot({ path: shot, fullPage: true });
                    await page.goto(base + '/ui/runs/' + failing);
                    await page.fill('#reason', 'the review is missing');
                    await Promise.all([page.waitForNavigation(), page.click('#fail')]);
                    await page.waitForSelector('#message', { timeout: 90000 });
                    out.afterFail = await page.locator('#run-status').textContent();
                  } finally {
                    await browser.close();
                  }
                  console.log(JSON.stringify(out));
                })().catch(e => { console.error(e); process.exit(1); });
                """);
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), f.base, ServeFixture.TOKEN, passing, failing, shot.toString())
                .redirectErrorStream(true);
        pb.environment().put("NODE_PATH", PLAYWRIGHT.toAbsolutePath().toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser script did not end: " + output);
        assertEquals(0, p.exitValue(), output);
        var out = Json.LENIENT.readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
        assertTrue(out.path("listed").toString().contains(passing), output);
        assertTrue(out.path("packet").asString().contains("R1"), "the prompt packet is shown: " + output);
        assertEquals("PAUSED", out.path("afterPause").asString(), output);
        assertTrue(out.path("working").asString().contains("validating gate R1"), "the answer is taken at once: " + output);
        assertTrue(out.path("answeredMs").asLong() < 2000, "the page answered before the agent gate's 2 s were through: " + output);
        assertEquals("PASSED", out.path("afterDone").asString(), output);
        assertTrue(out.path("doneMessage").asString().contains("R1 PASS"), output);
        assertEquals("[\"PASS\",\"PASS\"]", out.path("gates").toString(), output);
        assertEquals("FAILED", out.path("afterFail").asString(), output);

        RunRecord passed = record(passing);
        assertEquals("PASSED", passed.status().name());
        assertEquals("stamped\n", Files.readString(dir.resolve("out/passing/STAMP.txt")), "the pipeline went on to the agent gate R2");
        RunRecord failed = record(failing);
        assertEquals("the review is missing", failed.gate("R1").lastAttempt().failureReason());
        f.cli.run("run", "verify", "--all").assertExit(0);
    }

    @Test
    void the_page_shows_the_packet_and_refuses_answers_without_the_token_or_from_another_site() throws Exception {
        f = new ServeFixture(dir);
        String id = pausedRun("plain");
        HttpResponse<String> page = f.http.send(HttpRequest.newBuilder(URI.create(f.base + "/ui/runs/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"packet\"") && page.body().contains("Paused at R1"), page.body());
        assertTrue(page.body().contains("id=\"login\""), "without the cookie the page asks for the token");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        byte[] before = f.runJson(id);

        HttpResponse<String> anonymous = post("/ui/runs/" + id + "/gates/R1/done", null, null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> crossSite = post("/ui/runs/" + id + "/gates/R1/done", GatePage.COOKIE + "=" + ServeFixture.TOKEN,
                "http://evil.example");
        assertEquals(403, crossSite.statusCode(), crossSite.body());
        HttpResponse<String> wrongGate = post("/ui/runs/" + id + "/gates/R2/done", GatePage.COOKIE + "=" + ServeFixture.TOKEN, null);
        assertEquals(409, wrongGate.statusCode(), wrongGate.body());
        assertTrue(java.util.Arrays.equals(before, f.runJson(id)), "nothing was written");

        f.write("out/plain/REVIEW.md", "# Review\n\nfine\n");
        HttpResponse<String> done = post("/ui/runs/" + id + "/gates/R1/done", GatePage.COOKIE + "=" + ServeFixture.TOKEN, null);
        assertEquals(303, done.statusCode(), done.body());
        // answered before the pipeline is through: R2's agent takes 2 s on a worker
        assertNotEquals("PASSED", record(id).status().name(), "the request did not wait for the pipeline");
        HttpResponse<String> working = f.http.send(HttpRequest.newBuilder(URI.create(f.base + done.headers().firstValue("Location").orElseThrow()))
                .header("Cookie", GatePage.COOKIE + "=" + ServeFixture.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(working.body().contains("id=\"working\"") && working.body().contains("http-equiv=\"refresh\""), working.body());
        assertFalse(working.body().contains("id=\"done\""), "no second answer while the first is carried out");
        HttpResponse<String> twice = post("/ui/runs/" + id + "/gates/R1/done", GatePage.COOKIE + "=" + ServeFixture.TOKEN, null);
        assertEquals(409, twice.statusCode(), twice.body());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!record(id).status().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("PASSED", record(id).status().name());
        // the record is final a moment before the worker has handed its lines to the page: wait as the page's reader
        // does, by reloading while it says to reload (it must stop within the deadline)
        HttpResponse<String> result = f.http.send(HttpRequest.newBuilder(URI.create(f.base + "/ui/runs/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        while (result.body().contains("http-equiv=\"refresh\"") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            result = f.http.send(HttpRequest.newBuilder(URI.create(f.base + "/ui/runs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertTrue(result.body().contains("id=\"message\"") && result.body().contains("R1 PASS"), result.body());
        assertFalse(result.body().contains("http-equiv=\"refresh\""), "the page stops reloading once through");
        String escaped = GatePage.esc("<script>alert('x')</script>");
        assertTrue(!escaped.contains("<") && !escaped.contains("'"), escaped);
    }

    private HttpResponse<String> post(String path, String cookie, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(""));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
