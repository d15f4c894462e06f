package dev.orun.gate;

import dev.orun.cli.OrunCli;
import dev.orun.cli.Shared;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.orun.gate.ValidationTypesTest.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gate start / finish / fail through the CLI: attempts, records, path escapes, hashes. */
class GateCommandTest {
    static final Path SEED = Shared.compat("esy-runner");

    static JsonNode runJson(Path dir, String id) throws Exception {
        return Json.LENIENT.readTree(Files.readString(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
    }

    @Test
    void hello_workflow_gates_pass_when_their_files_exist(@TempDir Path dir) throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        Files.createDirectories(dir.resolve("out/demo"));
        Files.writeString(dir.resolve("out/demo/GREETING.md"), "# Hello\n\nHello from orun.\n");
        Files.writeString(dir.resolve("out/demo/SUMMARY.md"), "## Summary\n\nAll good.\n");
        for (String g : new String[]{"G1", "G2"}) {
            cli.run("gate", "start", "--run", id, "--gate", g).assertExit(0);
            contains(cli.run("gate", "finish", "--run", id, "--gate", g).assertExit(0), "PASS  " + g);
        }
        JsonNode run = runJson(dir, id);
        assertEquals("PASS", run.at("/gates/1/status").asString());
        assertEquals(2, run.get("artifacts_index").size());
        assertEquals("GATE_PASSED", run.at("/events/4/type").asString());
    }

    @Test
    void finish_records_the_attempt_file_once_with_its_hash_in_run_json(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        f.write("out/demo/a.md", "alpha\n");
        f.start("standard");
        f.finish().assertExit(0);
        Path attempt = dir.resolve("orchestration/runs/" + f.runId + "/record/gates/G1/attempt-1.json");
        JsonNode run = runJson(dir, f.runId);
        assertEquals(OrunCli.exec(dir, "sha256sum", attempt.toString()).split(" ")[0], run.at("/gates/0/attempts/0/file_sha256").asString());
        JsonNode file = Json.LENIENT.readTree(Files.readString(attempt));
        assertEquals("PASS", file.get("status").asString());
        assertEquals("out/demo/a.md", file.at("/artifacts/0/resolved_path").asString());
        assertFalse(Files.readString(attempt).contains(dir.toString()), "no absolute path in the record");
        assertFalse(Files.readString(dir.resolve("orchestration/runs/" + f.runId + "/record/RUN.json")).contains(dir.toString()));
    }

    @Test
    void hashes_equal_sha256sum_for_files_and_folders_file_by_file(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.bin\", \"{artifact_path}/img\"]", "[]");
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(big);
        Files.createDirectories(dir.resolve("out/demo/img/sub"));
        Files.write(dir.resolve("out/demo/a.bin"), big);
        f.write("out/demo/img/z.txt", "zed");
        f.write("out/demo/img/sub/b.txt", "bee");
        f.write("out/demo/img/a.txt", "");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(0);
        JsonNode arts = runJson(dir, f.runId).at("/gates/0/attempts/0/artifacts");
        String[] expected = {"out/demo/a.bin", "out/demo/img/a.txt", "out/demo/img/sub/b.txt", "out/demo/img/z.txt"};
        assertEquals(expected.length, arts.size(), r.describe());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], arts.get(i).get("resolved_path").asString());
            String sum = OrunCli.exec(dir, "sha256sum", expected[i]).split(" ")[0];
            assertEquals(sum, arts.get(i).get("sha256").asString(), expected[i]);
        }
        assertEquals(big.length, arts.get(0).get("bytes").asLong());
    }

    @Test
    void path_escapes_fail_the_output_and_nothing_outside_is_read(@TempDir Path dir, @TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.md"), "# secret\n");
        GateFixture f = new GateFixture(dir).contract("[\"../x/secret.md\", \"" + outside.resolve("secret.md") + "\", \"{artifact_path}/link.md\", \"{artifact_path}/dir/secret.md\"]",
                "[{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/link.md\", \"required_headings\": [\"# secret\"]}]");
        Files.createDirectories(dir.resolve("out/demo"));
        Files.createSymbolicLink(dir.resolve("out/demo/link.md"), outside.resolve("secret.md"));
        Files.createSymbolicLink(dir.resolve("out/demo/dir"), outside);
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "'../x/secret.md' escapes the repository through '..'");
        contains(r, "(absolute path)  an absolute path is not allowed; it escapes the repository");
        contains(r, "'out/demo/link.md' is a symlink that leads outside the repository");
        contains(r, "'out/demo/dir/secret.md' is a symlink that leads outside the repository");
        assertFalse(r.out().contains("the 1 heading present"), "the symlinked file must not be read" + r.describe());
        assertEquals(0, runJson(dir, f.runId).at("/gates/0/attempts/0/artifacts").size());
        JsonNode validations = runJson(dir, f.runId).at("/gates/0/attempts/0/validations");
        assertFalse(validations.toString().contains(outside.toString()), validations.toString());
    }

    @Test
    void start_on_a_running_or_passed_gate_changes_nothing_unless_forced(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        f.write("out/demo/a.md", "a");
        f.start("standard");
        String before = Files.readString(dir.resolve("orchestration/runs/" + f.runId + "/record/RUN.json"));
        contains(f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1").assertExit(0),
                "gate G1 is already RUNNING (attempt 1); nothing changed: pass --force to start attempt 2");
        assertEquals(before, Files.readString(dir.resolve("orchestration/runs/" + f.runId + "/record/RUN.json")));
        f.finish().assertExit(0);
        contains(f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1").assertExit(0), "gate G1 is already PASS (attempt 1)");
        contains(f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--force", "--agent", "bob").assertExit(0),
                "G1 attempt 2 RUNNING (agent bob)");
        contains(f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--force").assertExit(0), "G1 attempt 3 RUNNING");
        JsonNode run = runJson(dir, f.runId);
        assertEquals("FAIL", run.at("/gates/0/attempts/1/status").asString(), "the forced-over running attempt is closed");
        assertTrue(Files.exists(dir.resolve("orchestration/runs/" + f.runId + "/record/gates/G1/attempt-2.json")));
    }

    @Test
    void a_failed_blocking_gate_fails_the_run_and_a_reopening_start_is_the_next_attempt(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        f.start("standard");
        f.finish().assertExit(1);
        JsonNode run = runJson(dir, f.runId);
        assertEquals("FAILED", run.get("status").asString());
        assertFalse(run.get("finished_at").isNull());
        assertTrue(run.at("/gates/0/attempts/0/failure_reason").asString().contains("out/demo/a.md"));
        f.write("out/demo/a.md", "a");
        contains(f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1").assertExit(1), "--reopen");
        contains(f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0), "G1 attempt 2 RUNNING");
        assertEquals("RUNNING", runJson(dir, f.runId).get("status").asString());
        f.finish().assertExit(0);
        assertEquals("PASS", runJson(dir, f.runId).at("/gates/0/status").asString());
    }

    @Test
    void gate_fail_records_the_reason_and_fails_the_run(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        f.start("standard");
        contains(f.cli.run("gate", "fail", "--run", f.runId, "--gate", "G1", "--reason", "sources are fabricated").assertExit(0),
                "G1 FAIL (attempt 1): sources are fabricated");
        JsonNode run = runJson(dir, f.runId);
        assertEquals("FAILED", run.get("status").asString());
        assertEquals("sources are fabricated", run.at("/gates/0/attempts/0/failure_reason").asString());
        JsonNode events = run.get("events");
        assertEquals("GATE_FAILED", events.get(events.size() - 2).get("type").asString());
        contains(f.cli.run("gate", "finish", "--run", f.runId, "--gate", "G1").assertExit(1), "is FAILED");
    }

    @Test
    void an_unknown_gate_is_not_found(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[]");
        f.start("standard");
        contains(f.cli.run("gate", "start", "--run", f.runId, "--gate", "G7").assertExit(3), "gate G7 is not in workflow t");
        f.cli.run("gate", "finish", "--run", f.runId, "--gate", "G7").assertExit(3);
        f.cli.run("gate", "fail", "--run", f.runId, "--gate", "G7", "--reason", "x").assertExit(3);
    }

    @Test
    void finish_json_is_one_document(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[]");
        f.start("standard");
        OrunCli.Result r = f.cli.run("gate", "finish", "--run", f.runId, "--gate", "G1", "--json").assertExit(0);
        JsonNode doc = Json.LENIENT.readTree(r.out());
        assertEquals("PASS", doc.get("status").asString());
        assertEquals(1, doc.at("/attempt/attempt").asInt());
    }

    @Test
    void the_seeds_contracts_validate_as_they_are(@TempDir Path dir) {
        Shared.require(SEED);
        ContractLoader loader = new ContractLoader(new OrunPaths(SEED, SEED.resolve("orchestration/runs")), new SchemaValidator());
        for (String g : new String[]{"G1", "G2", "G3"}) {
            GateContract c = loader.load(SEED.resolve("orchestration/gates/contracts/" + g + ".contract.json"));
            assertEquals(g, c.gate());
            assertTrue(c.blocking());
        }
        GateContract g2 = loader.load(SEED.resolve("orchestration/gates/contracts/G2.contract.json"));
        assertFalse(g2.outputs().get(1).requiredAt("quick"));
        assertTrue(g2.outputs().get(1).requiredAt("deep"));
        assertEquals(OutputMode.ANY_OF, loader.load(SEED.resolve("orchestration/gates/contracts/G1.contract.json")).mode());
        assertEquals("warning", loader.load(SEED.resolve("orchestration/gates/contracts/G3.contract.json")).validations().get(2).severity());
    }

    @Test
    void the_hash_cache_remembers_settled_files_and_a_changed_file_is_hashed_again(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        Path a = f.write("out/demo/a.md", "first\n");
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        f.start("standard");
        f.finish().assertExit(0);
        JsonNode cache = Json.LENIENT.readTree(Files.readString(dir.resolve("orchestration/runs/.cache/hashes.json")));
        assertEquals(OrunCli.exec(dir, "sha256sum", "out/demo/a.md").split(" ")[0], cache.at("/files/out~1demo~1a.md/sha256").asString());
        Files.writeString(a, "second, longer\n");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--force").assertExit(0);
        f.finish().assertExit(0);
        assertEquals(OrunCli.exec(dir, "sha256sum", "out/demo/a.md").split(" ")[0],
                runJson(dir, f.runId).at("/gates/0/attempts/1/artifacts/0/sha256").asString());
    }
}
