package dev.orun.store;

import dev.orun.cli.OrunCli;
import dev.orun.cli.OrunCli.Result;
import dev.orun.cli.Shared;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validated-record memo ({@code orchestration/runs/.cache/valid/<run id>}) through the commands: what it
 * holds, that only an exact entry for the current schema skips validation, and what a forged entry can and
 * cannot do.
 */
class ValidatedRecordsTest {
    static final Path SEED_RUNS = Shared.compat("esy-runner/orchestration/runs");
    static final String LEGACY = "run_20260121T035318510Z_the-word-slang_zb5rja";

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

    Path memo(String runId) {
        return dir.resolve("orchestration/runs/.cache/valid/" + runId);
    }

    /** Length and CRC-32 of {@code bytes}, computed here independently of ValidatedRecords. */
    static String fp(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length);
        return bytes.length + ":" + Long.toHexString(crc.getValue());
    }

    static String fp(String text) {
        return fp(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The fingerprint of the run schema bundled in the jar, read independently of ValidatedRecords. */
    static String schemaSha() throws IOException {
        try (InputStream in = ValidatedRecordsTest.class.getResourceAsStream("/contracts/run.schema.json")) {
            return fp(in.readAllBytes());
        }
    }

    static String entry(byte[] bytes, String schemaSha) {
        return fp(bytes) + " " + schemaSha + "\n";
    }

    /** The record with "status" set to BOGUS: still well-formed JSON, but against run.schema.json. */
    byte[] bogusStatus() throws IOException {
        String text = Files.readString(runJson());
        String bogus = text.replace("\"status\": \"RUNNING\",\n  \"started_at\"", "\"status\": \"BOGUS\",\n  \"started_at\"");
        assertNotEquals(text, bogus, "the run-level status line was found in:\n" + text);
        return bogus.getBytes(StandardCharsets.UTF_8);
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertSchemaError(Result r, String runId) {
        r.assertExit(4);
        assertTrue(r.err().startsWith("orun: orchestration/runs/" + runId + "/record/RUN.json /status: "), r.describe());
        assertTrue(r.err().contains("git checkout -- orchestration/runs/" + runId + "/record/RUN.json"), r.describe());
    }

    @Test
    void the_schema_fingerprint_the_build_wrote_is_the_bundled_schemas_and_a_changed_schema_changes_it() throws IOException {
        byte[] schema = Files.readAllBytes(Path.of("contracts/run.schema.json"));
        assertEquals(fp(schema), ValidatedRecords.SCHEMA_FINGERPRINT, "dev.orun.BuildInfo is written from contracts/run.schema.json");
        byte[] changed = java.util.Arrays.copyOf(schema, schema.length);
        changed[changed.length / 2] ^= 1;
        assertNotEquals(ValidatedRecords.SCHEMA_FINGERPRINT, fp(changed), "one changed bit changes the fingerprint");
        assertNotEquals(ValidatedRecords.SCHEMA_FINGERPRINT, fp(java.util.Arrays.copyOf(schema, schema.length + 1)),
                "so does one more byte");
    }

    @Test
    void run_start_and_every_write_remember_the_length_and_crc32c_of_the_bytes_written_and_of_the_bundled_schema() throws IOException {
        assertEquals(schemaSha(), fp(Files.readAllBytes(Path.of("contracts/run.schema.json"))), "the jar bundles contracts/run.schema.json");
        assertEquals(entry(Files.readAllBytes(runJson()), schemaSha()), Files.readString(memo(id)));
        assertEquals(Files.size(runJson()) + ":", Files.readString(memo(id)).split(" ")[0].replaceAll(":.*", ":"),
                "the memo names the length of RUN.json");

        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "fail", "--run", id, "--gate", "G1", "--reason", "not yet").assertExit(0);
        assertEquals(entry(Files.readAllBytes(runJson()), schemaSha()), Files.readString(memo(id)), "updated on each write");
        // git check-ignore exits 0 only for an ignored path (OrunCli.git fails otherwise)
        OrunCli.git(dir, "check-ignore", "-q", "orchestration/runs/.cache/valid/" + id);
    }

    @Test
    void a_record_edited_against_the_schema_is_refused_with_exit_4_and_not_remembered() throws IOException {
        String before = Files.readString(memo(id));
        byte[] bogus = bogusStatus();
        Files.write(runJson(), bogus);
        assertSchemaError(cli.run("run", "show", id), id);
        assertSchemaError(cli.run("run", "show", "--json", "--run", id), id);
        assertEquals(before, Files.readString(memo(id)), "the memo still names the last valid bytes");
        assertFalse(Files.readString(memo(id)).startsWith(fp(bogus)));
    }

    @Test
    void a_memo_entry_for_another_schema_is_a_miss_and_the_record_is_validated_in_full() throws IOException {
        byte[] bogus = bogusStatus();
        Files.write(runJson(), bogus);
        Files.writeString(memo(id), entry(bogus, fp("an older run.schema.json")));
        assertSchemaError(cli.run("run", "show", id), id);
    }

    @Test
    void a_garbage_torn_or_foreign_memo_entry_is_a_miss() throws IOException {
        byte[] bogus = bogusStatus();
        Files.write(runJson(), bogus);
        String good = entry(bogus, schemaSha());
        String[] misses = {
                "garbage\n",
                "",
                good.substring(0, good.length() - 1),          // torn: no newline
                good.substring(0, good.length() / 2),           // torn mid-entry
                good.toUpperCase(java.util.Locale.ROOT),        // not the same text
                fp(bogus) + "  " + schemaSha() + "\n",  // two spaces
                schemaSha() + " " + fp(bogus) + "\n",   // swapped
                good + good,                                    // twice
        };
        for (String m : misses) {
            Files.writeString(memo(id), m);
            assertSchemaError(cli.run("run", "show", id), id);
        }
        // a memo entry that is a folder, not a file
        Files.delete(memo(id));
        Files.createDirectories(memo(id));
        assertSchemaError(cli.run("run", "show", id), id);
    }

    @Test
    void a_miss_on_valid_bytes_shows_the_run_and_rewrites_the_entry() throws IOException {
        Files.writeString(memo(id), "garbage\n");
        cli.run("run", "show", id).assertExit(0);
        assertEquals(entry(Files.readAllBytes(runJson()), schemaSha()), Files.readString(memo(id)));
        deleteTree(dir.resolve("orchestration/runs/.cache/valid"));
        cli.run("run", "show", id).assertExit(0);
        assertEquals(entry(Files.readAllBytes(runJson()), schemaSha()), Files.readString(memo(id)), "a cold show remembers");
    }

    @Test
    void a_hit_on_bytes_that_are_not_json_falls_back_to_full_validation() throws IOException {
        byte[] torn = "{\"schema_version\": 1, \"run_id\": ".getBytes(StandardCharsets.UTF_8);
        Files.write(runJson(), torn);
        Files.writeString(memo(id), entry(torn, schemaSha()));
        Result r = cli.run("run", "show", id).assertExit(4);
        assertTrue(r.err().contains("RUN.json: not valid JSON at line"), r.describe());
    }

    /**
     * The known trust boundary: the memo is a gitignored local cache, so whoever can write it can also write
     * RUN.json. A forged entry with the right schema hash makes run show (display only) skip validation of
     * bytes that break the schema; run verify and every command that writes a run never consult the memo.
     */
    @Test
    void a_forged_memo_entry_makes_run_show_and_list_skip_validation_but_run_verify_and_writes_still_refuse_the_record() throws IOException {
        byte[] bogus = bogusStatus();
        Files.write(runJson(), bogus);
        Files.writeString(memo(id), entry(bogus, schemaSha()));

        Result show = cli.run("run", "show", id).assertExit(0);
        assertTrue(show.out().contains("  status    BOGUS  started "), show.describe());

        // run verify reports a broken record as one of its problems (exit 1, as for any verify problem)
        Result verify = cli.run("run", "verify", "--run", id).assertExit(1);
        assertTrue(verify.out().contains("PROBLEM  schema   orchestration/runs/" + id + "/record/RUN.json  orchestration/runs/"
                + id + "/record/RUN.json /status: does not have a value in the enumeration"), verify.describe());
        assertTrue(verify.out().contains("verified 1 run: 1 problem"), verify.describe());
        Result gate = cli.run("gate", "start", "--run", id, "--gate", "G1");
        assertSchemaError(gate, id);
        assertTrue(Files.readString(runJson()).contains("\"BOGUS\""), "nothing was written over the record");
        // The listing is display only too (issue 14: the list after a write stays on the fast path): like run show,
        // it takes the memo's word; whoever can forge the memo can as well edit what run list shows.
        Result list = cli.run("run", "list", "--json").assertExit(0);
        assertTrue(list.out().contains("\"status\": \"BOGUS\""), "the listing trusts the memo as run show does: " + list.describe());
    }

    @Test
    void run_show_prints_the_same_with_a_cold_memo_and_a_warm_one() throws IOException {
        Files.createDirectories(dir.resolve("out/memo"));
        Files.writeString(dir.resolve("out/memo/GREETING.md"), "# Hello\n\nHello from orun.\n");
        cli.run("invocation", "record", "--run", id, "--gate", "G1", "--agent", "greeter", "--model", "m1",
                "--provider", "p1", "--tokens-prompt", "100", "--tokens-completion", "20", "--cost-usd", "0.25",
                "--duration-ms", "1500").assertExit(0);
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        assertColdAndWarmShowsMatch(id);
    }

    @Test
    void run_show_of_a_legacy_record_prints_the_same_with_a_cold_memo_and_a_warm_one() {
        OrunCli.exec(dir, "cp", "-r", Shared.require(SEED_RUNS.resolve(LEGACY)).toString(), dir.resolve("orchestration/runs").toString());
        assertColdAndWarmShowsMatch(LEGACY);
        assertTrue(cli.run("run", "show", LEGACY).out().startsWith(LEGACY + "  (legacy record, read-only)"), "warm legacy");
    }

    void assertColdAndWarmShowsMatch(String runId) {
        for (String[] args : new String[][]{{"run", "show", runId}, {"run", "show", "--json", runId}}) {
            deleteTree(dir.resolve("orchestration/runs/.cache/valid"));
            Result cold = cli.run(args).assertExit(0);
            assertTrue(Files.exists(memo(runId)), "a cold show remembers " + runId);
            Result warm = cli.run(args).assertExit(0);
            assertEquals(cold.out(), warm.out(), String.join(" ", args));
            assertEquals(cold.err(), warm.err(), String.join(" ", args));
            assertEquals("", warm.err());
        }
    }
}
