package dev.orun.gate;

import dev.orun.cli.OrunCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12, items 5 and 12: a {@code command} validation gets no secret, no injected code, and dies whole on timeout. */
class CommandIsolationTest {
    @Test
    void a_check_command_sees_only_the_allow_listed_environment(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"command\": [\"sh\", \"-c\","
                + " \"env > {artifact_path}/env.txt\"]}]");
        Files.createDirectories(dir.resolve("out/demo"));
        f.cli.env("ANTHROPIC_API_KEY", "sk-ant-check-7Qz1-SECRET").env("MY_TOOL_SETTING", "x").env("PATH", System.getenv("PATH"));
        f.start("standard");
        f.finish().assertExit(0);
        String env = Files.readString(dir.resolve("out/demo/env.txt"));
        assertFalse(env.contains("sk-ant-check"), env);
        assertFalse(env.contains("MY_TOOL_SETTING"), "only the documented allow-list passes: " + env);
        assertTrue(env.contains("PATH="), env);
    }

    @Test
    void a_path_variable_in_a_check_script_is_quoted_for_the_shell(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"command\": \"test -d {artifact_path} || true\"},"
                + " {\"type\": \"command\", \"command\": [\"sh\", \"-c\", \"echo '{slug}' \\\"{artifact_path}\\\"\"]}]");
        String id = f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/x;touch INJECTED;$(touch INJECTED2)")
                .assertExit(0).lastLine();
        f.cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        f.cli.run("gate", "finish", "--run", id, "--gate", "G1");
        assertFalse(Files.exists(dir.resolve("INJECTED")), "the artifact path ran as shell code");
        assertFalse(Files.exists(dir.resolve("INJECTED2")), "the artifact path ran as shell code");
    }

    @Test
    void a_timed_out_check_command_is_ended_with_its_whole_process_group(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"timeout\": \"1s\", \"command\": [\"sh\", \"-c\","
                + " \"(sleep 120 & echo $! > orphan.pid); sleep 120\"]}]");
        f.start("standard");
        f.finish().assertExit(1);
        long pid = Long.parseLong(Files.readString(dir.resolve("orphan.pid")).strip());
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid);
        for (int i = 0; i < 50 && orphan.map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        boolean alive = orphan.map(ProcessHandle::isAlive).orElse(false);
        orphan.ifPresent(ProcessHandle::destroyForcibly); // never leave it behind, whatever the verdict
        assertEquals(false, alive, "the re-parented grandchild outlived the timeout");
    }
}
