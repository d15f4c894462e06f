package dev.orun.gate;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When gate finish may take a hash from runs/.cache/hashes.json (issue 14): only when size, mtime, ctime and file
 * key all match, and only for a file that had settled (not modified in the last two seconds) when it was hashed.
 */
class HashCacheRuleTest {
    private static String sha256sum(Path dir, String file) throws Exception {
        return OrunCli.exec(dir, "sha256sum", file).split(" ")[0];
    }

    private static JsonNode hashes(Path dir) throws Exception {
        Path f = dir.resolve("orchestration/runs/.cache/hashes.json");
        return Files.exists(f) ? Json.LENIENT.readTree(Files.readString(f)) : Json.LENIENT.createObjectNode();
    }

    private static String recorded(Path dir, String runId, int attempt) throws Exception {
        return GateCommandTest.runJson(dir, runId).at("/gates/0/attempts/" + attempt + "/artifacts/0/sha256").asString();
    }

    @Test
    void an_edit_that_keeps_the_size_and_puts_the_mtime_back_is_hashed_again(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        Path a = f.write("out/demo/a.md", "first\n");
        FileTime settled = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(a, settled);
        f.start("standard");
        f.finish().assertExit(0);
        assertTrue(hashes(dir).at("/files/out~1demo~1a.md/sha256").isString(), "a settled file is cached");
        // Same size, same inode, the mtime set back as a tool that preserves times would (cp -p, rsync -t, tar x):
        // only the ctime tells.
        Files.writeString(a, "other\n");
        Files.setLastModifiedTime(a, settled);
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--force").assertExit(0);
        f.finish().assertExit(0);
        assertEquals(sha256sum(dir, "out/demo/a.md"), recorded(dir, f.runId, 1));
    }

    @Test
    void a_file_hashed_within_two_seconds_of_its_change_is_not_cached(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        Path a = f.write("out/demo/a.md", "first\n");
        // An mtime ahead of the clock is never two seconds old, however long the JVM takes to get to the hashing.
        FileTime written = FileTime.fromMillis(System.currentTimeMillis() + 600_000);
        Files.setLastModifiedTime(a, written);
        f.start("standard");
        f.finish().assertExit(0);
        assertFalse(hashes(dir).at("/files/out~1demo~1a.md").isObject(), "racy: not cached");
        // A second edit within the same mtime tick (same size, same mtime) is seen because nothing was cached.
        Files.writeString(a, "other\n");
        Files.setLastModifiedTime(a, written);
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--force").assertExit(0);
        f.finish().assertExit(0);
        assertEquals(sha256sum(dir, "out/demo/a.md"), recorded(dir, f.runId, 1));
    }

    @Test
    void an_entry_of_an_older_orun_without_ctime_is_hashed_again(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        Path a = f.write("out/demo/a.md", "first\n");
        Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        var attrs = Files.readAttributes(a, java.nio.file.attribute.BasicFileAttributes.class);
        Path cache = dir.resolve("orchestration/runs/.cache/hashes.json");
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "{\"files\": {\"out/demo/a.md\": {\"size\": 6, \"mtime_nanos\": "
                + attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + ", \"file_key\": \""
                + attrs.fileKey() + "\", \"sha256\": \"" + "0".repeat(64) + "\"}}}\n");
        f.start("standard");
        f.finish().assertExit(0);
        assertEquals(sha256sum(dir, "out/demo/a.md"), recorded(dir, f.runId, 0));
    }
}
