package dev.orun.store;

import dev.orun.cli.OrunCli;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store reuses its own validation of bytes it has seen, and of nothing else. */
class RunStoreReadTest {
    @TempDir
    Path repo;

    private RunStore store() {
        return new RunStore(RootLocator.locate(repo, Map.of(), repo), new SchemaValidator(), Duration.ofSeconds(5));
    }

    private String start() {
        return OrunCli.initialisedRepo(repo).run("run", "start", "--workflow", "hello", "--slug", "s", "--artifact-path", "out/a").assertExit(0).lastLine();
    }

    @Test
    void the_same_bytes_read_twice_are_parsed_once_and_a_change_behind_the_stores_back_is_validated_again() throws Exception {
        String id = start();
        RunStore store = store();
        LoadedRun first = store.load(id);
        assertSame(first, store.load(id), "identical bytes: the validated record is reused");

        Path json = store.paths().runJson(id);
        String text = Files.readString(json);
        // Same length, schema-breaking: must be caught, not served from what the store saw before.
        Files.writeString(json, text.replace("\"RUNNING\"", "\"RUNNINF\""));
        OrunException e = assertThrows(OrunException.class, () -> store.load(id));
        assertEquals(Exit.INVALID, e.exit());
        assertTrue(e.getMessage().contains("/status"), e.getMessage());

        // A valid change is read afresh.
        Files.writeString(json, text.replace("\"RUNNING\"", "\"PAUSED\""));
        assertEquals(RunStatus.PAUSED, store.read(id).status());
    }

    @Test
    void a_record_the_store_wrote_reads_back_as_written_and_a_later_hand_edit_is_validated() throws Exception {
        String id = start();
        RunStore store = store();
        RunRecord paused;
        try (RunLock ignored = store.lock(id)) {
            paused = store.read(id).withStatus(RunStatus.PAUSED, null);
            store.write(paused);
        }
        assertEquals(paused, store.read(id));
        Path json = store.paths().runJson(id);
        Files.writeString(json, Files.readString(json).replace("\"schema_version\": 1", "\"schema_version\": \"one\""));
        assertEquals(Exit.INVALID, assertThrows(OrunException.class, () -> store.read(id)).exit());
    }

    @Test
    void loading_for_display_validates_the_tree_without_building_the_record() {
        String id = start();
        LoadedRun shown = store().load(id, false);
        assertNull(shown.record());
        assertEquals(id, shown.tree().get("run_id").asString());
        assertNotNull(store().load(id).record());
    }
}
