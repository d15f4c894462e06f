package dev.orun.agent;

import dev.orun.cli.JavaProcesses;
import dev.orun.cli.Main;
import dev.orun.cli.OrunCli;
import dev.orun.cli.support.CliContext;
import dev.orun.schema.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun watch} shows a model agent's rounds and budgets live, while {@code agent execute} runs in another JVM. */
class AgentWatchTest {
    static final String KEY = "sk-ant-agent-test-Zq81-SECRET";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    /** Lines as they arrive. */
    static final class Lines extends Writer {
        final List<String> lines = new ArrayList<>();
        private final StringBuilder buf = new StringBuilder();

        @Override
        public synchronized void write(char[] c, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (c[i] == '\n') {
                    lines.add(buf.toString());
                    buf.setLength(0);
                } else {
                    buf.append(c[i]);
                }
            }
        }

        synchronized String find(String part) {
            return lines.stream().filter(l -> l.contains(part)).findFirst().orElse(null);
        }

        synchronized String all() {
            return String.join("\n", lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void watch_in_another_process_shows_each_round_with_its_tokens_against_the_budget_within_a_second() throws Exception {
        ToolUseStandIn model = new ToolUseStandIn(ToolUseStandIn.Api.ANTHROPIC)
                .tools("list_directory", "{\"path\": \"orchestration\"}")
                .tools("read_file", "{\"path\": \"orchestration/prompts/hello/G1.md\"}")
                .tools("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"# Hello\\n\\nHi.\\n\"}")
                .end("Done.")
                .hangAt(3);
        server.setDispatcher(model);
        OrunCli cli = OrunCli.initialisedRepo(dir);
        Files.createDirectories(dir.resolve("orchestration/agents"));
        Files.writeString(dir.resolve("orchestration/agents/greeter.md"), "# Greeter\n\nYou write short, warm greetings.\n");
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();

        File childOut = dir.resolve("agent-child.log").toFile();
        ProcessBuilder pb = JavaProcesses.builder(dir, Main.class, "agent", "execute", "--run", id, "--gate", "G1");
        pb.environment().put("ANTHROPIC_API_KEY", KEY);
        pb.environment().put("ANTHROPIC_BASE_URL", server.url("/v1").toString());
        Process agent = pb.redirectErrorStream(true).redirectOutput(childOut).start();
        try {
            Lines out = new Lines();
            StringWriter err = new StringWriter();
            CliContext ctx = new CliContext(dir, Map.of(), Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), false);
            CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() ->
                    Main.run(ctx, new PrintWriter(out, true), new PrintWriter(err, true), "watch", "--run", id, "--from-start"));

            assertTrue(model.hung.await(90, TimeUnit.SECONDS), "round 3 reached the model: " + Files.readString(childOut.toPath()));
            long hungAt = System.nanoTime();
            String round2 = null;
            while (round2 == null && System.nanoTime() - hungAt < TimeUnit.SECONDS.toNanos(5)) {
                round2 = out.find("AGENT_ROUND G1  greeter round 2/");
                Thread.sleep(10);
            }
            long lagMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hungAt);
            assertTrue(round2 != null, "round 2 shown while round 3 is in flight:\n" + out.all() + "\n" + err);
            assertTrue(lagMs < 1000, "round 2 shown " + lagMs + " ms after round 3's request went out");
            assertTrue(round2.matches(".*round 2/8, tokens in 2000/\\d+, out 400/\\d+, .*1 tool call.*"), round2);
            assertTrue(out.find("AGENT_ROUND G1  greeter round 1/8, tokens in 1000/") != null, out.all());

            model.release();
            assertTrue(agent.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, agent.exitValue(), Files.readString(childOut.toPath()));
            // G1 alone was asked for, so the run stays open: ending it ends the watch.
            cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
            int code;
            try {
                code = watch.get(90, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("watch did not end:\n" + out.all() + "\n" + err + "\nagent:\n" + Files.readString(childOut.toPath())
                        + "\nalive " + agent.isAlive() + ", " + model.answered() + " answers", e);
            }
            assertEquals(1, code, out.all() + "\n" + err + "\n" + Files.readString(childOut.toPath()));
            String stopped = out.find("AGENT_STOPPED G1");
            assertTrue(stopped != null && stopped.contains("stopped: complete after round 4/8, tokens in 4000/"), out.all());
            assertEquals(id + " CANCELED", out.lines.get(out.lines.size() - 1), out.all());

            // The figures live in logs/, one JSON line per step; the record carries none of them.
            Path progress = dir.resolve("orchestration/runs/" + id + "/logs/gates/G1/attempt-1/agent/progress.jsonl");
            List<String> steps = Files.readAllLines(progress);
            JsonNode last = Json.STRICT.readTree(steps.get(steps.size() - 1));
            assertEquals("stop", last.path("type").asString());
            assertEquals(4, last.path("round").asInt());
            assertEquals(800, last.path("output_tokens").asLong());
            assertEquals(1 + 4 * 2 + 1, steps.size(), "start, a request and a reply per round, stop: " + steps);
        } finally {
            model.release();
            agent.destroyForcibly();
        }
    }
}
