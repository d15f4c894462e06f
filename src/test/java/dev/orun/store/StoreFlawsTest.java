package dev.orun.store;

import dev.orun.cli.JavaProcesses;
import dev.orun.cli.OrunCli;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two flaws of the store found in review (issue 14): a lock another thread released, a run id that is a path. */
class StoreFlawsTest {
    @TempDir
    Path repo;

    /** What another process sees of {@code lockFile}: "acquired" when it could take the lock, else "busy". */
    private String probe(Path lockFile) throws Exception {
        Process p = JavaProcesses.builder(repo, LockProbe.class, lockFile.toString(), "300").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe hung");
        return out;
    }

    @Test
    void a_thread_that_finds_the_run_locked_does_not_release_the_lock_another_thread_holds() throws Exception {
        Path lockFile = repo.resolve("logs/run.lock");
        try (RunLock held = RunLock.acquire(lockFile, Duration.ofSeconds(5), "run_a")) {
            OrunException e = CompletableFuture.supplyAsync(() -> assertThrows(OrunException.class,
                    () -> RunLock.acquire(lockFile, Duration.ofMillis(200), "run_a").close())).get(30, TimeUnit.SECONDS);
            assertEquals(Exit.LOCKED, e.exit(), e.getMessage());
            assertEquals("busy", probe(lockFile), "the holder's lock was released by the thread that only waited for it");
        }
        assertEquals("acquired", probe(lockFile), "the lock is free once its holder closes it");
    }

    @Test
    void two_stores_of_one_process_wait_for_each_other_and_keep_the_lock_held() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "two", "--artifact-path", "out/a").assertExit(0).lastLine();
        OrunPaths paths = RootLocator.locate(repo, Map.of(), repo);
        SchemaValidator schemas = new SchemaValidator();
        RunStore a = new RunStore(paths, schemas, Duration.ofSeconds(5));
        RunStore b = new RunStore(paths, schemas, Duration.ofMillis(200));
        try (RunLock ignored = a.lock(id)) {
            OrunException e = CompletableFuture.supplyAsync(() -> assertThrows(OrunException.class,
                    () -> b.update(id, r -> r.withEvent("2026-01-01T00:00:00.000Z", "TEST_EVENT", "b", null, null))))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(Exit.LOCKED, e.exit(), e.getMessage());
            assertEquals("busy", probe(paths.logsDir(id).resolve("run.lock")), "store b released store a's lock");
        }
        b.update(id, r -> r.withEvent("2026-01-01T00:00:00.000Z", "TEST_EVENT", "b", null, null));
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void a_second_store_on_the_holding_thread_waits_and_leaves_the_lock_held() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "nest", "--artifact-path", "out/a").assertExit(0).lastLine();
        OrunPaths paths = RootLocator.locate(repo, Map.of(), repo);
        SchemaValidator schemas = new SchemaValidator();
        RunStore a = new RunStore(paths, schemas, Duration.ofSeconds(5));
        RunStore b = new RunStore(paths, schemas, Duration.ofMillis(200));
        try (RunLock ignored = a.lock(id)) {
            OrunException e = assertThrows(OrunException.class,
                    () -> b.update(id, r -> r.withEvent("2026-01-01T00:00:00.000Z", "TEST_EVENT", "nested", null, null)));
            assertEquals(Exit.LOCKED, e.exit(), e.getMessage());
            assertEquals("busy", probe(paths.logsDir(id).resolve("run.lock")), "store b released store a's lock");
        }
        assertEquals("acquired", probe(paths.logsDir(id).resolve("run.lock")));
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void a_run_id_that_is_a_path_is_refused_with_exit_4() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "path", "--artifact-path", "out/a").assertExit(0).lastLine();
        for (String typed : new String[] {id + "/../" + id, id + "/..", "../" + id}) {
            OrunCli.Result r = cli.run("invocation", "record", "--run", typed, "--agent", "x");
            assertEquals(4, r.exit(), r.describe());
            assertTrue(r.err().contains("is not a run id"), r.describe());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.describe());
        }
        OrunCli.Result show = cli.run("run", "show", "--run", id + "/../" + id);
        assertEquals(4, show.exit(), show.describe());
        assertTrue(Files.exists(repo.resolve("orchestration/runs").resolve(id).resolve("record/RUN.json")));
    }

    @Test
    void a_new_run_whose_record_is_refused_leaves_no_folder_behind(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("orchestration"));
        RunStore store = new RunStore(RootLocator.locate(repo, Map.of(), repo), new SchemaValidator(), Duration.ofSeconds(5));
        String id = "run_20261202T120000000Z_demo_abc123";
        dev.orun.run.RunRecord bad = new dev.orun.run.RunRecord(1, id, new dev.orun.run.WorkflowRef("hello", "1", "demo", "out", null, null),
                "not-a-depth", Map.of(), new dev.orun.run.PromptRef("p.md", "0".repeat(64)), null, dev.orun.run.RunStatus.QUEUED,
                "2026-12-02T12:00:00.000Z", null, null, null, null, null, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.create(bad));
        assertTrue(e.getMessage().contains("breaks run.schema.json"), e.getMessage());
        assertTrue(!Files.exists(store.paths().runDir(id)), "no folder for a run whose record was refused");
    }
}
