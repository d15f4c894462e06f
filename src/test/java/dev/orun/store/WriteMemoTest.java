package dev.orun.store;

import dev.orun.cli.OrunCli;
import dev.orun.cli.OrunCli.Result;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memos a write trusts (issue 14): the RUN.json memo ({@code .cache/valid/<run id>}), read on its word by a write,
 * and the memo of workflow and contract files ({@code .cache/valid-files/<schema>/<sha256>}). A forged or stale entry
 * never lets an invalid record be written: a write checks all it writes; run verify and contracts check use neither.
 */
class WriteMemoTest {
    @TempDir
    Path dir;

    OrunCli cli;
    String id;

    @BeforeEach
    void aStartedRun() {
        cli = OrunCli.initialisedRepo(dir);
        id = cli.run("run", "start", "--workflow", "hello", "--slug", "memo", "--artifact-path", "out/memo").assertExit(0).lastLine();
    }

    Path runJson() {
        return dir.resolve("orchestration/runs/" + id + "/record/RUN.json");
    }

    Path runMemo() {
        return dir.resolve("orchestration/runs/.cache/valid/" + id);
    }

    Path fileMemo(String schema, byte[] bytes) {
        return dir.resolve("orchestration/runs/.cache/valid-files/" + schema + "/" + ValidatedFiles.key(bytes));
    }

    Path contract() {
        return dir.resolve("orchestration/gates/contracts/hello.G1.contract.json");
    }

    /** The record with its slug broken against run.schema.json's pattern: it still binds to a RunRecord. */
    byte[] badSlug() throws IOException {
        String text = Files.readString(runJson());
        String bad = text.replace("\"slug\": \"memo\"", "\"slug\": \"Not A Slug\"");
        assertNotEquals(text, bad, "the slug line was found in:\n" + text);
        return bad.getBytes(StandardCharsets.UTF_8);
    }

    /** A RUN.json memo entry that says {@code bytes} passed the current run schema, as orun writes it. */
    void forgeRunMemo(byte[] bytes) throws IOException {
        Files.writeString(runMemo(), ValidatedRecords.fingerprint(bytes) + " " + ValidatedRecords.SCHEMA_FINGERPRINT + "\n");
    }

    @Test
    void a_forged_run_memo_for_a_record_that_binds_but_breaks_the_schema_makes_a_write_refuse_it_with_exit_4() throws IOException {
        byte[] bad = badSlug();
        Files.write(runJson(), bad);
        forgeRunMemo(bad);
        for (String[] write : new String[][]{
                {"gate", "start", "--run", id, "--gate", "G1", "--agent", "me"},
                {"invocation", "record", "--run", id, "--gate", "G1", "--agent", "me", "--status", "SUCCESS"},
                {"gate", "fail", "--run", id, "--gate", "G1", "--reason", "no"},
                {"run", "complete", "--run", id, "--status", "CANCELED"}}) {
            Result r = cli.run(write).assertExit(4);
            assertTrue(r.err().contains("RUN.json /workflow/slug: "), r.describe());
            assertTrue(r.err().contains("git checkout -- orchestration/runs/" + id + "/record/RUN.json"), r.describe());
            assertArrayEquals(bad, Files.readAllBytes(runJson()), "nothing was written over the record: " + String.join(" ", write));
            assertFalse(Files.exists(dir.resolve("orchestration/runs/" + id + "/record/gates/G1/attempt-1.json")));
        }
    }

    @Test
    void a_stale_run_memo_is_a_miss_and_the_hand_edited_record_is_validated_in_full() throws IOException {
        String before = Files.readString(runMemo());
        byte[] bad = badSlug();
        Files.write(runJson(), bad);
        assertEquals(before, Files.readString(runMemo()), "the memo names the bytes orun wrote, not the edit");
        Result r = cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(4);
        assertTrue(r.err().contains("RUN.json /workflow/slug: "), r.describe());
        assertArrayEquals(bad, Files.readAllBytes(runJson()));
    }

    @Test
    void run_verify_never_takes_the_run_memos_word() throws IOException {
        byte[] bad = badSlug();
        Files.write(runJson(), bad);
        forgeRunMemo(bad);
        Result verify = cli.run("run", "verify", "--run", id).assertExit(1);
        assertTrue(verify.out().contains("PROBLEM  schema") && verify.out().contains("/workflow/slug"), verify.describe());
    }

    @Test
    void writes_on_a_valid_memo_still_write_records_valid_against_the_full_schema() throws IOException {
        Files.createDirectories(dir.resolve("out/memo"));
        Files.writeString(dir.resolve("out/memo/GREETING.md"), "# Hello\n\nHello from orun.\n");
        cli.run("gate", "start", "--run", id, "--gate", "G1", "--agent", "me").assertExit(0);
        cli.run("invocation", "record", "--run", id, "--gate", "G1", "--agent", "me", "--status", "SUCCESS").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        assertEquals(java.util.List.of(), new SchemaValidator().validate(SchemaValidator.RUN, Json.STRICT.readTree(Files.readAllBytes(runJson()))));
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void a_gate_start_remembers_the_workflow_and_the_contract_it_validated() throws IOException {
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        Path workflow = dir.resolve("orchestration/workflows/hello.yaml");
        assertEquals(ValidatedFiles.SCHEMAS + "\n", Files.readString(fileMemo("workflow.schema.json", Files.readAllBytes(workflow))));
        assertEquals(ValidatedFiles.SCHEMAS + "\n", Files.readString(fileMemo("gate-contract.schema.json", Files.readAllBytes(contract()))));
        OrunCli.git(dir, "check-ignore", "-q", "orchestration/runs/.cache/valid-files/workflow.schema.json");
    }

    @Test
    void the_schemas_fingerprint_is_the_builds_and_an_entry_for_other_schemas_is_a_miss() throws IOException {
        assertTrue(ValidatedFiles.SCHEMAS.matches("\\d+:[0-9a-f]+"), ValidatedFiles.SCHEMAS);
        // An invalid contract with an entry written by a build with other schemas: validated in full, refused.
        String bad = Files.readString(contract()).replaceFirst("\\{", "{\"bogus_field\": 1, ");
        Files.writeString(contract(), bad);
        Path entry = fileMemo("gate-contract.schema.json", bad.getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(entry.getParent());
        Files.writeString(entry, "1:0\n");
        Result r = cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(4);
        assertTrue(r.err().contains("unknown field 'bogus_field'"), r.describe());
    }

    @Test
    void a_contract_edited_after_it_was_remembered_is_validated_in_full() throws IOException {
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "fail", "--run", id, "--gate", "G1", "--reason", "again").assertExit(0);
        Files.writeString(contract(), Files.readString(contract()).replaceFirst("\\{", "{\"bogus_field\": 1, "));
        Result r = cli.run("gate", "start", "--run", id, "--gate", "G1", "--reopen").assertExit(4);
        assertTrue(r.err().contains("unknown field 'bogus_field'"), r.describe());
    }

    @Test
    void a_forged_contract_memo_never_gets_an_invalid_record_written_and_contracts_check_ignores_it() throws IOException {
        String bad = Files.readString(contract()).replaceFirst("\\{", "{\"bogus_field\": 1, ");
        Files.writeString(contract(), bad);
        Path entry = fileMemo("gate-contract.schema.json", bad.getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(entry.getParent());
        Files.writeString(entry, ValidatedFiles.SCHEMAS + "\n");
        // The forged entry is taken (whoever can write the cache can edit the contract), but what is written is checked.
        cli.run("gate", "start", "--run", id, "--gate", "G1");
        assertEquals(java.util.List.of(), new SchemaValidator().validate(SchemaValidator.RUN, Json.STRICT.readTree(Files.readAllBytes(runJson()))));
        Result check = cli.run("contracts", "check");
        assertNotEquals(0, check.exit(), check.describe());
        assertTrue((check.out() + check.err()).contains("bogus_field"), check.describe());
    }

    @Test
    void theFileMemoKeyIsLengthAndTwoChecksumsOfTheBytes() {
        assertEquals("0-0-1", ValidatedFiles.key(new byte[0]));
        // zlib's check values of "123456789": CRC-32 cbf43926, Adler-32 091e01de
        assertEquals("9-cbf43926-91e01de", ValidatedFiles.key("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        java.util.Set<String> keys = new java.util.HashSet<>();
        java.util.Random random = new java.util.Random(5);
        byte[] base = new byte[4096];
        random.nextBytes(base);
        for (int i = 0; i < base.length * 8; i++) { // every one-bit change of 4 KiB has a key of its own
            byte[] b = base.clone();
            b[i / 8] ^= (byte) (1 << (i % 8));
            assertTrue(keys.add(ValidatedFiles.key(b)));
        }
    }
}
