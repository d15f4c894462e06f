package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.store.RunLease;
import dev.orun.store.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: a command the fast path has started is never run a second time. It once declined after any
 * RuntimeException, and {@link Main} ran the command again through picocli: a {@code run show} of a run whose
 * lease holder died (so it must lock the run to mark it INTERRUPTED) waited twice the lock timeout.
 */
class FastPathRunsOnceTest {
    @TempDir
    Path repo;

    @Test
    void a_run_show_that_fails_in_the_fast_path_is_answered_there_and_waits_for_the_lock_once() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "once", "--artifact-path", "out/once")
                .assertExit(0).lastLine();
        Path logs = repo.resolve("orchestration/runs/" + id + "/logs");
        // A lease whose holder has exited: run show must lock the run to mark it INTERRUPTED.
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Files.writeString(logs.resolve("lease.json"), "{\"pid\": " + gone.pid() + ", \"host\": \"" + RunLease.currentHost()
                + "\", \"since\": \"2026-01-01T00:00:00.000Z\", \"command\": \"orun run hello\"}");
        String[] args = {"run", "show", id, "--lock-timeout", "1s"};
        answeredOnceWhileLocked(logs, id, args);
    }

    /** A write the fast path started and that timed out on the run's lock is answered there, once: no second wait. */
    @Test
    void a_gate_start_that_times_out_on_the_lock_in_the_fast_path_waits_once() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "once", "--artifact-path", "out/once")
                .assertExit(0).lastLine();
        Path logs = repo.resolve("orchestration/runs/" + id + "/logs");
        String[] args = {"gate", "start", "--run", id, "--gate", "G1", "--lock-timeout", "1s"};
        answeredOnceWhileLocked(logs, id, args);
        assertTrue(cli.run("run", "show", "--json", id).assertExit(0).out().contains("\"status\": \"NOT_STARTED\""),
                "the timed-out gate start changed nothing");
    }

    /** A Callable write that answers 1 (gate finish: FAIL) is that exit code, printed and recorded once. */
    @Test
    void a_failed_gate_finish_through_the_fast_path_is_exit_1_recorded_once() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "once", "--artifact-path", "out/none")
                .assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(ctx(), new PrintWriter(out), new PrintWriter(err), "gate", "finish", "--run", id, "--gate", "G1");
        assertEquals(1, code, out + "\n" + err);
        assertEquals(1, occurrences(out.toString(), "FAIL  G1"), out.toString());
        assertEquals("", err.toString());
        Path attempts = repo.resolve("orchestration/runs/" + id + "/record/gates/G1");
        try (var files = Files.list(attempts)) {
            assertEquals(List.of("attempt-1.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String record = Files.readString(repo.resolve("orchestration/runs/" + id + "/record/RUN.json"));
        assertEquals(1, occurrences(record, "\"type\": \"GATE_FAILED\""), record);
    }

    private CliContext ctx() {
        return new CliContext(repo, Map.of(), Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), false);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * With the run's lock held by another holder (a thread of its own: a lock this thread held would count as the
     * command's own), {@code args} (with a 1 s lock timeout) answer exit 6 once on the fast path, never DECLINED (-1)
     * to run again, and once through Main: run twice, it would wait at least 2 x 1 s.
     */
    private void answeredOnceWhileLocked(Path logs, String id, String[] args) throws Exception {
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (RunLock held = RunLock.acquire(logs.resolve("run.lock"), Duration.ofSeconds(5), id)) {
                locked.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "other-holder");
        holder.start();
        assertTrue(locked.await(10, TimeUnit.SECONDS), "the other holder took the lock");
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int fast = FastPathTest.fastPath(ctx(), new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
            assertEquals(6, fast, "the fast path answers the lock timeout itself, never DECLINED (-1) to run it again: " + err);
            assertEquals(1, occurrences(err.toString(), "is locked by another orun process"), err.toString());

            err = new StringWriter();
            long t0 = System.nanoTime();
            int code = Main.run(ctx(), new PrintWriter(new StringWriter()), new PrintWriter(err), args);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(6, code, err.toString());
            assertEquals(1, occurrences(err.toString(), "is locked by another orun process"), err.toString());
            assertTrue(ms < 2000, String.join(" ", args) + " waited " + ms + " ms for a 1 s lock timeout: it ran twice");
        } finally {
            done.countDown();
            holder.join(10_000);
        }
    }
}
