package dev.orun.observe;

import dev.orun.cli.Main;
import dev.orun.cli.OrunCli;
import dev.orun.cli.support.CliContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** orun watch following a real orun child JVM whose agent writes lines over time. */
class WatchTest {
    @TempDir
    Path dir;

    /** Each line written to it, with the time it arrived. */
    static final class StampedLines extends Writer {
        final List<long[]> stamps = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        private final StringBuilder buf = new StringBuilder();

        @Override
        public synchronized void write(char[] c, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (c[i] == '\n') {
                    lines.add(buf.toString());
                    stamps.add(new long[] {System.currentTimeMillis()});
                    buf.setLength(0);
                } else {
                    buf.append(c[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private void tickerWorkflow(AgentProcessFixture fx, String then) throws Exception {
        fx.write("orchestration/gates/contracts/ticker.G1.contract.json", """
                {"gate": "G1", "blocking": true, "required_outputs": ["{artifact_path}/DONE.md"], "validations": []}
                """);
        fx.write("orchestration/workflows/ticker.yaml", """
                workflow: ticker
                gates:
                  - gate: G1
                    agent: ticker
                    contract: orchestration/gates/contracts/ticker.G1.contract.json
                    exec: "mkdir -p {artifact_path}; sleep 1; for i in 1 2 3 4 5 6; do echo tick-$(date +%%s%%3N); sleep 0.4; done; %s"
                """.formatted(then));
    }

    @Test
    void watch_shows_each_output_line_within_a_second_and_exits_with_the_runs_status() throws Exception {
        OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        tickerWorkflow(fx, "echo done > {artifact_path}/DONE.md");
        File output = dir.resolve("orun-child.log").toFile();
        Process orun = fx.start(output, "run", "ticker", "--slug", "t", "--artifact-path", "out/t");
        try {
            String id = awaitRun(fx, orun, output);
            StampedLines out = new StampedLines();
            StringWriter err = new StringWriter();
            CliContext ctx = new CliContext(dir, Map.of(), Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), false);
            CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() ->
                    Main.run(ctx, new PrintWriter(out, true), new PrintWriter(err, true), "watch", "--run", id, "--from-start"));
            int code = watch.get(60, TimeUnit.SECONDS);
            String all = String.join("\n", out.lines);
            assertEquals(0, code, all + "\n" + err);
            assertTrue(orun.waitFor(30, TimeUnit.SECONDS));
            int ticks = 0;
            for (int i = 0; i < out.lines.size(); i++) {
                String line = out.lines.get(i);
                int at = line.indexOf("| tick-");
                if (at < 0) {
                    continue;
                }
                ticks++;
                long written = Long.parseLong(line.substring(at + "| tick-".length()).strip());
                long lag = out.stamps.get(i)[0] - written;
                assertTrue(lag < 1000, "line '" + line + "' shown " + lag + " ms after the agent wrote it");
            }
            assertEquals(6, ticks, all);
            assertTrue(all.contains("G1 ticker | tick-"), all);
            assertTrue(all.contains("GATE_STARTED G1") && all.contains("GATE_PASSED G1"), all);
            assertTrue(out.lines.get(out.lines.size() - 1).equals(id + " PASSED"), all);
        } finally {
            orun.destroyForcibly();
        }
    }

    @Test
    void watch_of_a_run_whose_agent_fails_exits_1_and_of_a_paused_run_exits_10() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        tickerWorkflow(fx, "exit 3");
        File output = dir.resolve("orun-child.log").toFile();
        Process orun = fx.start(output, "run", "ticker", "--slug", "t", "--artifact-path", "out/t");
        try {
            String id = awaitRun(fx, orun, output);
            OrunCli.Result r = cli.run("watch", "--run", id).assertExit(1);
            assertTrue(r.out().contains("tick-") && r.out().strip().endsWith(id + " FAILED"), r.describe());
            assertTrue(r.out().contains("INVOCATION_FINISHED G1") && r.out().contains("exit 3"), r.describe());
        } finally {
            orun.destroyForcibly();
        }
        fx.write("orchestration/workflows/manual.yaml", """
                workflow: manual
                gates:
                  - gate: G1
                    agent: person
                    contract: orchestration/gates/contracts/ticker.G1.contract.json
                """);
        cli.env("CI", "true").run("run", "manual", "--slug", "m", "--artifact-path", "out/m").assertExit(10);
        String pausedId = fx.runs().stream().filter(r -> r.contains("_m_")).findFirst().orElseThrow();
        OrunCli.Result w = cli.run("watch", "--run", pausedId).assertExit(10);
        assertTrue(w.out().contains(pausedId + " PAUSED: continue with 'orun run resume --run " + pausedId + "'"), w.describe());
        assertFalse(w.out().contains("\033["), "no terminal: plain lines");
        OrunCli.Result live = cli.stdin("", true).run("watch", "--run", pausedId, "--from-start").assertExit(10);
        assertTrue(live.out().contains("\r\033[K" + pausedId + "  PAUSED  gates 0/1"), "a terminal gets the redrawn status line: " + live.describe());
        assertTrue(live.out().contains("RUN_PAUSED"), live.describe());
    }

    private static String awaitRun(AgentProcessFixture fx, Process orun, File output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> ids = fx.runs();
            if (ids.size() == 1) {
                return ids.get(0);
            }
            if (!orun.isAlive()) {
                throw new AssertionError("the child orun ended early: " + Files.readString(output.toPath()));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no run: " + Files.readString(output.toPath()));
    }
}
