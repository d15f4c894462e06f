package dev.orun.cli;

import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.RootLocator;
import dev.orun.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.orun.cli.PipelineTest.events;
import static dev.orun.cli.PipelineTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statuses and counts that must agree with each other: a final run's gates, an INTERRUPTED run's finished_at, stats. */
class RecordStatusTest {
    @TempDir
    Path dir;

    private String started(OrunCli cli, String slug) {
        return cli.run("run", "start", "--workflow", "hello", "--slug", slug, "--artifact-path", "out/" + slug).assertExit(0).lastLine();
    }

    /** A run whose driver died at G1's first attempt, as the next read (a run show) persists it. */
    private String interrupted(OrunCli cli, String slug) throws Exception {
        String id = started(cli, slug);
        OrunCli.leaseOfDeadDriver(dir, id, "G1", 1);
        cli.run("run", "show", id).assertExit(0);
        return id;
    }

    private JsonNode attemptFile(String id, String gate, int n) throws Exception {
        return Json.STRICT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/gates/" + gate + "/attempt-" + n + ".json")));
    }

    /** Flaw 1: a run completed while a gate runs closes the running attempt; nothing stays RUNNING in a final run. */
    @Test
    void completing_a_run_while_a_gate_runs_closes_the_running_attempt() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        for (String status : new String[]{"CANCELED", "FAILED"}) {
            String id = started(cli, status.toLowerCase());
            cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
            OrunCli.Result done = cli.run("run", "complete", "--run", id, "--status", status).assertExit(0);

            JsonNode run = record(dir, id);
            assertEquals(status, run.path("status").asString());
            JsonNode g1 = run.path("gates").get(0);
            assertEquals("FAIL", g1.path("status").asString(), "no gate of a final run is RUNNING: " + run);
            JsonNode last = g1.path("attempts").get(0);
            assertEquals("FAIL", last.path("status").asString());
            assertEquals(run.path("finished_at").asString(), last.path("finished_at").asString(), "closed when the run ended");
            assertEquals("run completed as " + status + " while the attempt ran", last.path("failure_reason").asString());
            // The attempt's own file says the same, and RUN.json's hash of it is that file's.
            JsonNode file = attemptFile(id, "G1", 1);
            assertEquals("FAIL", file.path("status").asString());
            assertEquals(last.path("failure_reason").asString(), file.path("failure_reason").asString());
            assertEquals(dev.orun.run.Sha256.hex(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/gates/G1/attempt-1.json"))),
                    last.path("file_sha256").asString());
            assertEquals(java.util.List.of("RUN_STARTED", "GATE_STARTED", "GATE_FAILED", "RUN_COMPLETED"), events(run), done.describe());

            cli.run("run", "verify", "--run", id).assertExit(0);
            OrunCli.Result show = cli.run("run", "show", id).assertExit(0);
            assertFalse(show.out().contains("RUNNING"), show.describe());
            // Completing again with the same status changes nothing.
            byte[] before = Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/RUN.json"));
            cli.run("run", "complete", "--run", id, "--status", status).assertExit(0);
            assertEquals(new String(before), Files.readString(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
        }
    }

    /** Flaw 2: INTERRUPTED is resumable, not final: it has no finished_at; resuming sets it when the run ends. */
    @Test
    void an_interrupted_run_has_no_finished_at_and_a_resumed_one_gets_it_when_it_ends() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = interrupted(cli, "demo");
        JsonNode run = record(dir, id);
        assertEquals("INTERRUPTED", run.path("status").asString());
        assertTrue(run.path("finished_at").isNull(), "an INTERRUPTED run has not finished: " + run);
        cli.run("run", "verify", "--run", id).assertExit(0);

        cli.run("run", "resume", "--run", id).assertExit(0);
        JsonNode resumed = record(dir, id);
        assertEquals("PASSED", resumed.path("status").asString());
        assertTrue(resumed.path("finished_at").isString(), resumed.toString());
    }

    /** A gate started by hand on an INTERRUPTED run (its driver died) resumes it: RUNNING, with RUN_RESUMED. */
    @Test
    void gate_start_on_an_interrupted_run_resumes_it() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = interrupted(cli, "gone");
        assertEquals("INTERRUPTED", record(dir, id).path("status").asString());

        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        JsonNode run = record(dir, id);
        assertEquals("RUNNING", run.path("status").asString(), run.toString());
        JsonNode events = run.path("events");
        assertEquals("GATE_STARTED", events.get(events.size() - 1).path("type").asString());
        assertEquals("RUN_RESUMED", events.get(events.size() - 2).path("type").asString());
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    /** Records written before this change have INTERRUPTED with finished_at: they still read, verify and resume. */
    @Test
    void an_older_interrupted_record_with_finished_at_still_reads_verifies_and_resumes() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = started(cli, "old");
        RunStore store = new RunStore(RootLocator.locate(dir, Map.of(), dir), new SchemaValidator(), Duration.ofSeconds(5));
        String ts = "2026-01-02T03:04:05.678Z";
        // As the reaper wrote it before: INTERRUPTED with finished_at (withStatus no longer keeps it).
        store.update(id, r -> new RunRecord(r.schemaVersion(), r.runId(), r.workflow(), r.depth(), r.vars(), r.prompt(), r.replayOf(),
                RunStatus.INTERRUPTED, r.startedAt(), ts, r.gates(), r.invocations(), r.artifactsIndex(), r.validations(), r.events())
                .withEvent(ts, "RUN_INTERRUPTED", "Run interrupted: test", null, null));
        assertEquals(ts, record(dir, id).path("finished_at").asString());

        cli.run("run", "verify", "--run", id).assertExit(0);
        assertTrue(cli.run("run", "show", id).assertExit(0).out().contains("INTERRUPTED"));
        assertTrue(cli.run("run", "list").assertExit(0).out().contains(id));
        cli.run("run", "resume", "--run", id).assertExit(0);
        JsonNode resumed = record(dir, id);
        assertEquals("PASSED", resumed.path("status").asString());
        assertFalse(resumed.path("finished_at").asString().equals(ts), "the run's end is the resumed run's: " + resumed);
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    /** Flaw 3: four runs, one passed, three still open: stats says the pass rate is of the one that ended. */
    @Test
    void stats_says_how_many_runs_ended_next_to_the_pass_rate_of_those() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        cli.run("run", "hello", "--slug", "a", "--artifact-path", "out/a").assertExit(0);
        started(cli, "b");
        started(cli, "c");
        cli.run("gate", "start", "--run", started(cli, "d"), "--gate", "G1").assertExit(0);

        OrunCli.Result table = cli.run("stats").assertExit(0);
        java.util.List<String> lines = table.out().lines().toList();
        assertEquals("WORKFLOW/GATE" + " ".repeat(9) + "RUNS    ENDED   PASS   ATT/PASS  P50      P90      P99      TOKENS     COST",
                lines.get(0), table.describe());
        assertTrue(lines.get(1).matches("hello +4 +1 +100% .*"), table.describe());
        assertTrue(lines.get(2).matches("  G1 +2 +1 +100% .*"), "G1 ran in two runs and ended in one: " + table.describe());

        JsonNode hello = Json.STRICT.readTree(cli.run("stats", "--json").assertExit(0).out()).path("rows").get(0);
        assertEquals(4, hello.path("runs").asInt());
        assertEquals(1, hello.path("ended").asInt(), hello.toString());
        assertEquals(1, hello.path("passed").asInt());
        assertEquals(1.0, hello.path("pass_rate").asDouble(), 1e-9);
    }
}
