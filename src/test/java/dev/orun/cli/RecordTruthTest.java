package dev.orun.cli;

import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.orun.cli.PipelineTest.events;
import static dev.orun.cli.PipelineTest.onlyRun;
import static dev.orun.cli.PipelineTest.record;
import static dev.orun.cli.PipelineTest.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, "the record must not lie": PASSED means every blocking gate passed, and a final run takes no writes. */
class RecordTruthTest {
    @TempDir
    Path dir;

    /** Three gates for a person: G1 and G3 blocking, G2 not; each needs one file under the artifact path. */
    static OrunCli threeGates(Path dir) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        for (String g : new String[]{"G1", "G2", "G3"}) {
            write(dir, "orchestration/gates/contracts/three." + g + ".contract.json", "{\"gate\": \"" + g + "\", \"name\": \"Gate "
                    + g + "\", \"blocking\": " + !g.equals("G2") + ", \"required_outputs\": [\"{artifact_path}/" + g + ".md\"], \"validations\": []}");
        }
        write(dir, "orchestration/workflows/three.yaml", """
                workflow: three
                version: "1"
                gates:
                  - {gate: G1, name: Gate G1, agent: a, contract: orchestration/gates/contracts/three.G1.contract.json}
                  - {gate: G2, name: Gate G2, agent: a, contract: orchestration/gates/contracts/three.G2.contract.json}
                  - {gate: G3, name: Gate G3, agent: a, contract: orchestration/gates/contracts/three.G3.contract.json}
                """);
        return cli;
    }

    static String start(OrunCli cli) {
        return cli.run("run", "start", "--workflow", "three", "--slug", "t", "--artifact-path", "out/t").assertExit(0).lastLine();
    }

    static void pass(OrunCli cli, String id, String gate) throws IOException {
        write(cli.dir(), "out/t/" + gate + ".md", "done\n");
        cli.run("gate", "start", "--run", id, "--gate", gate).assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", gate).assertExit(0);
    }

    Path runJson(String id) {
        return dir.resolve("orchestration/runs/" + id + "/record/RUN.json");
    }

    // Point 1
    @Test
    void complete_as_passed_is_refused_until_every_blocking_gate_passed() throws IOException {
        OrunCli cli = threeGates(dir);
        String id = start(cli);
        byte[] before = Files.readAllBytes(runJson(id));
        OrunCli.Result r = cli.run("run", "complete", "--run", id).assertExit(1);
        assertTrue(r.err().contains("G1 (NOT_STARTED)") && r.err().contains("G3 (NOT_STARTED)") && !r.err().contains("G2"), r.describe());
        assertTrue(r.err().contains("--status FAILED") && r.err().contains("--status CANCELED"), r.describe());
        assertArrayEquals(before, Files.readAllBytes(runJson(id)), "nothing written");

        pass(cli, id, "G1");
        cli.run("gate", "start", "--run", id, "--gate", "G2").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G2").assertExit(1); // G2.md missing; not blocking
        assertTrue(cli.run("run", "complete", "--run", id).assertExit(1).err().contains("G3 (NOT_STARTED)"));
        pass(cli, id, "G3");
        cli.run("run", "complete", "--run", id).assertExit(0);
        assertEquals("PASSED", record(dir, id).path("status").asString());
        assertTrue(cli.run("run", "list").assertExit(0).out().matches("(?s).*PASSED +2/3.*"), "2 of 3 gates passed, G2 not blocking");
    }

    @Test
    void a_run_recorded_passed_without_its_gates_fails_verify() throws IOException {
        OrunCli cli = threeGates(dir);
        String id = start(cli);
        cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
        // A record made by an older orun (or by hand, chain intact): PASSED with no gate passed.
        String text = Files.readString(runJson(id)).replace("\"status\": \"CANCELED\"", "\"status\": \"PASSED\"");
        Files.writeString(runJson(id), text);
        OrunCli.Result r = cli.run("run", "verify", "--run", id);
        assertEquals(1, r.exit(), r.describe());
        assertTrue(r.out().contains("G1") && r.out().contains("PASSED"), r.describe());
    }

    // Point 2
    @Test
    void a_canceled_run_takes_no_gate_finish_and_a_failed_run_is_not_reopened_by_gate_start() throws IOException {
        OrunCli cli = threeGates(dir);
        String id = start(cli);
        write(dir, "out/t/G1.md", "done\n");
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
        byte[] before = Files.readAllBytes(runJson(id));
        for (String[] args : new String[][]{{"gate", "finish", "--run", id, "--gate", "G1"},
                {"gate", "fail", "--run", id, "--gate", "G1", "--reason", "x"},
                {"gate", "start", "--run", id, "--gate", "G2"},
                {"gate", "exec", "--run", id, "--gate", "G1", "--agent", "a", "--", "true"}}) {
            OrunCli.Result r = cli.run(args).assertExit(1);
            assertTrue(r.err().contains("is CANCELED") && r.err().contains("orun run replay --run " + id), r.describe());
        }
        assertArrayEquals(before, Files.readAllBytes(runJson(id)), "a final run takes no write");
    }

    @Test
    void a_failed_run_reopens_only_when_asked_and_the_record_says_so() throws IOException {
        OrunCli cli = threeGates(dir);
        String id = start(cli);
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(1);
        assertEquals("FAILED", record(dir, id).path("status").asString());
        byte[] before = Files.readAllBytes(runJson(id));
        for (String gate : new String[]{"G1", "G2"}) {
            OrunCli.Result r = cli.run("gate", "start", "--run", id, "--gate", gate).assertExit(1);
            assertTrue(r.err().contains("is FAILED") && r.err().contains("--reopen") && r.err().contains("orun run replay"), r.describe());
        }
        assertArrayEquals(before, Files.readAllBytes(runJson(id)));
        cli.run("gate", "start", "--run", id, "--gate", "G1", "--reopen").assertExit(0);
        JsonNode run = record(dir, id);
        assertEquals("RUNNING", run.path("status").asString());
        assertTrue(events(run).contains("RUN_REOPENED"), events(run).toString());
        assertFalse(events(run).contains("RUN_RESUMED"));
    }

    // Point 3
    @Test
    void a_run_held_by_a_live_driver_refuses_other_writers_with_exit_6_naming_its_pid() throws Exception {
        OrunCli cli = threeGates(dir);
        String id = start(cli);
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        write(dir, "out/t/G1.md", "done\n");
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            long startMs = other.info().startInstant().orElseThrow().toEpochMilli();
            write(dir, "orchestration/runs/" + id + "/logs/lease.json", "{\"pid\": " + other.pid() + ", \"host\": \""
                    + dev.orun.store.RunLease.currentHost() + "\", \"processStartMs\": " + startMs
                    + ", \"since\": \"2026-01-01T00:00:00.000Z\", \"command\": \"orun run three\", \"gate\": \"G1\", \"attempt\": 1}");
            byte[] before = Files.readAllBytes(runJson(id));
            for (String[] args : new String[][]{{"gate", "finish", "--run", id, "--gate", "G1"},
                    {"gate", "fail", "--run", id, "--gate", "G1", "--reason", "x"},
                    {"gate", "start", "--run", id, "--gate", "G1", "--force"},
                    {"run", "complete", "--run", id, "--status", "CANCELED"},
                    {"run", "resume", "--run", id}}) {
                OrunCli.Result r = cli.run(args);
                assertEquals(6, r.exit(), r.describe());
                assertTrue(r.err().contains("pid " + other.pid()), r.describe());
                assertFalse(r.out().contains("resuming") || r.err().contains("resuming"), "refused, not resuming: " + r.describe());
            }
            assertArrayEquals(before, Files.readAllBytes(runJson(id)));
            assertFalse(Files.exists(dir.resolve("orchestration/runs/" + id + "/record/gates/G1/attempt-1.json")));
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
        // Its driver gone, the run is INTERRUPTED and can be resumed.
        cli.run("run", "show", id).assertExit(0);
        assertEquals("INTERRUPTED", record(dir, id).path("status").asString());
    }

    @Test
    void the_packet_offers_resume_only_for_when_no_orun_waits() throws IOException {
        OrunCli cli = threeGates(dir);
        cli.env("CI", "true");
        cli.run("run", "three", "--slug", "t", "--artifact-path", "out/t").assertExit(10);
        String id = onlyRun(dir);
        String packet = Files.readString(dir.resolve("orchestration/runs/" + id + "/logs/gates/G1/prompt.txt"));
        assertFalse(packet.contains("Press Enter in the waiting orun, or run: orun run resume"), packet);
        assertTrue(packet.contains("orun run resume --run " + id), packet);
    }

    // Point 4
    @Test
    void run_start_without_artifact_path_is_refused_when_the_contracts_use_it() throws IOException {
        OrunCli cli = threeGates(dir);
        OrunCli.Result r = cli.run("run", "start", "--workflow", "three", "--slug", "t").assertExit(2);
        assertTrue(r.err().contains("--artifact-path") && r.err().contains("three.G1.contract.json"), r.describe());
        assertTrue(r.err().contains("'artifact_path: out/{slug}' in orchestration/orun.yaml"), r.describe());
        assertFalse(Files.exists(dir.resolve("orchestration/runs")) && runsIn(dir) > 0, "no run made");
    }

    static long runsIn(Path dir) throws IOException {
        try (var s = Files.list(dir.resolve("orchestration/runs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("run_")).count();
        }
    }

    // Point 5
    @Test
    void the_final_line_counts_a_failed_non_blocking_gate_as_failed() throws IOException {
        OrunCli cli = threeGates(dir);
        write(dir, "out/t/G1.md", "done\n");
        write(dir, "out/t/G3.md", "done\n");
        cli.stdin("\n\n\n", true);
        OrunCli.Result r = cli.run("run", "three", "--slug", "t", "--artifact-path", "out/t").assertExit(0);
        String id = onlyRun(dir);
        assertTrue(r.out().contains("PASSED  " + id + "  (2 of 3 gates passed; G2 failed, not blocking;"), r.describe());
        JsonNode doc = Json.STRICT.readTree(cli.run("run", "list", "--json").out());
        assertEquals(2, doc.path("runs").get(0).path("gates_passed").asInt());
    }
}
