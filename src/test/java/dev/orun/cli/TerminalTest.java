package dev.orun.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.orun.cli.PipelineTest.onlyRun;
import static dev.orun.cli.PipelineTest.record;
import static dev.orun.cli.PipelineTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13, points 3 and 14, at a real terminal: orun runs in a tmux pane and waits for a person; another process
 * writes to the run, or the person presses Ctrl-C. Skipped (visibly) where tmux is not installed.
 */
class TerminalTest {
    @TempDir
    Path dir;

    private final String session = "orun-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @AfterEach
    void killSession() throws Exception {
        if (hasTmux()) {
            new ProcessBuilder("tmux", "kill-session", "-t", session).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static boolean hasTmux() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private void startOrun(String... args) throws Exception {
        assumeTrue(hasTmux(), "tmux is not installed: the terminal tests are skipped");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        StringBuilder line = new StringBuilder();
        for (String c : cmd) {
            line.append('\'').append(c.replace("'", "'\\''")).append("' ");
        }
        Files.writeString(dir.resolve("orun.sh"), "trap true INT\nunset CI GITHUB_ACTIONS NO_COLOR\ncd '" + dir + "' && " + line + "; echo \"[exit $?]\"; sleep 600\n");
        tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "sh " + dir.resolve("orun.sh"));
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out;
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    private String waitFor(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen();
            if (s.contains(text)) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the terminal never showed '" + text + "':\n" + s);
    }

    @Test
    void another_shell_cannot_write_while_orun_waits_for_the_person_and_the_waiting_orun_carries_on() throws Exception {
        OrunCli cli = RecordTruthTest.threeGates(dir);
        write(dir, "out/t/G1.md", "done\n");
        startOrun("run", "three", "--slug", "t", "--artifact-path", "out/t");
        waitFor("[Enter/d] done");
        String id = onlyRun(dir);
        OrunCli.Result finish = cli.run("gate", "finish", "--run", id, "--gate", "G1");
        assertEquals(6, finish.exit(), finish.describe());
        assertTrue(finish.err().contains("being driven by orun pid") && finish.err().contains("answer it in its terminal"), finish.describe());
        assertEquals(6, cli.run("run", "resume", "--run", id).exit());
        tmux("send-keys", "-t", session, "Enter");
        waitFor("PASS  G1");
        waitFor("== G2");
        tmux("send-keys", "-t", session, "p", "Enter");
        String s = waitFor("[exit 10]");
        assertFalse(s.contains("Exception") || s.contains("internal error"), s);
        assertEquals("PAUSED", record(dir, id).path("status").asString());
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void ctrl_c_while_waiting_says_how_to_resume() throws Exception {
        OrunCli cli = RecordTruthTest.threeGates(dir);
        startOrun("run", "three", "--slug", "t", "--artifact-path", "out/t");
        waitFor("[Enter/d] done");
        String id = onlyRun(dir);
        tmux("send-keys", "-t", session, "C-c");
        String s = waitFor("[exit ");
        assertTrue(s.contains("orun run resume --run " + id), s);
        cli.run("run", "show", id).assertExit(0);
        assertEquals("INTERRUPTED", record(dir, id).path("status").asString());
        write(dir, "out/t/G1.md", "done\n");
        cli.run("run", "resume", "--run", id).assertExit(10); // CI-less but no terminal here: G1 restarts and pauses
    }
}
