package dev.orun.serve;

import dev.orun.cli.JavaProcesses;
import dev.orun.cli.Main;
import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import dev.orun.store.LockHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun serve} as a real process beside CLI processes on the same runs: one lock, no lost update. */
class ServeProcessTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private int send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ServeFixture.TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void the_server_and_cli_processes_share_the_run_lock_and_lose_no_update() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "shared", "--artifact-path", "out/a").assertExit(0).lastLine();
        ProcessBuilder pb = JavaProcesses.builder(dir, Main.class, "serve", "--port", "0", "--lock-timeout", "1s");
        pb.environment().put("PASS_API_TOKEN", ServeFixture.TOKEN);
        Process server = start(pb.redirectErrorStream(true));
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(first));
        assertTrue(m.find(), "serve printed: " + first);
        String base = "http://127.0.0.1:" + m.group(1);

        // another process holds the run's lock: the API waits --lock-timeout, answers 423, writes nothing
        Process holder = start(JavaProcesses.builder(dir, LockHolder.class,
                dir.resolve("orchestration/runs/" + id + "/logs/run.lock").toString()));
        assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine());
        assertEquals(423, send("PATCH", base + "/runs/" + id, "{\"current_step\": \"blocked\"}"));
        holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertEquals(200, send("PATCH", base + "/runs/" + id, "{\"current_step\": \"unblocked\"}"));

        // HTTP writers and CLI processes on the same run at once
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Integer>>> codes = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            codes.add(pool.submit(() -> {
                List<Integer> answers = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    answers.add(send("PATCH", base + "/runs/" + id, "{\"current_step\": \"h" + client + "-" + i + "\"}"));
                }
                return answers;
            }));
        }
        for (int i = 0; i < 4; i++) {
            Process p = start(JavaProcesses.builder(dir, Main.class, "invocation", "record", "--run", id, "--agent", "cli-" + i)
                    .redirectErrorStream(true));
            String text = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), text);
        }
        int ok = 0;
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : codes) {
            all.addAll(f.get());
        }
        pool.shutdown();
        for (int code : all) {
            // 423: a CLI process held the lock past the server's --lock-timeout 1s on this loaded machine; refused, not lost
            assertTrue(code == 200 || code == 423, "answers: " + all);
            ok += code == 200 ? 1 : 0;
        }
        assertTrue(ok >= 40, "most writes get through: " + all);

        HttpResponse<String> detail = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode d = Json.LENIENT.readTree(detail.body()).path("run");
        assertEquals(ok + 2, d.path("step_timestamps").size(), "created, unblocked and every step answered 200; 'blocked' was never written");
        assertFalse(d.path("step_timestamps").has("blocked"));
        HttpResponse<String> record = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id + "/record")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(4, Json.LENIENT.readTree(record.body()).path("invocations").size());
        cli.run("run", "verify", "--run", id).assertExit(0);

        server.destroy();   // SIGTERM: the shutdown hook stops the server
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
    }
}
