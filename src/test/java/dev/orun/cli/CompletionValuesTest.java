package dev.orun.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 13, point 12: bash completion offers workflow names, run ids and short ids, --status and --depth values. */
class CompletionValuesTest {
    @TempDir
    Path dir;

    @Test
    void complete_lists_runs_with_short_ids_and_workflows() {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "c", "--artifact-path", "out/c").assertExit(0).lastLine();
        assertEquals(id + "\n" + id.substring(id.length() - 6) + "\n", cli.run("__complete", "runs").assertExit(0).out());
        assertEquals("hello\nvisual-essay\n", cli.run("__complete", "workflows").assertExit(0).out());
    }

    @Test
    void bash_completes_values_from_the_repository() throws Exception {
        assumeTrue(new File("/bin/bash").canExecute(), "bash is not installed: the bash completion test is skipped");
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "c", "--artifact-path", "out/c").assertExit(0).lastLine();
        Path script = dir.resolve("completion.sh");
        Files.writeString(script, cli.run("completion", "bash").assertExit(0).out());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path orun = bin.resolve("orun");
        Files.writeString(orun, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' dev.orun.cli.Main \"$@\"\n");
        orun.toFile().setExecutable(true);
        String probe = """
                source completion.sh 2>/dev/null
                for w in "run show " "run list --status P" "run list --workflow h" "run start --depth " "run he" "gate finish --run "; do
                  read -ra a <<< "orun $w"; [[ "$w" == *" " ]] && a+=("")
                  COMP_WORDS=("${a[@]}"); COMP_CWORD=$((${#a[@]}-1)); COMP_LINE="orun $w"; COMP_POINT=${#COMP_LINE}
                  _complete_orun 2>/dev/null; echo "$w=> ${COMPREPLY[*]}"
                done
                """;
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", probe).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String shortId = id.substring(id.length() - 6);
        assertTrue(out.contains("run show => " + id + " " + shortId), out);
        assertTrue(out.contains("run list --status P=> PAUSED PASSED"), out);
        assertTrue(out.contains("run list --workflow h=> hello"), out);
        assertTrue(out.contains("run start --depth => quick standard deep"), out);
        assertTrue(out.contains("run he=> hello"), out);
        assertTrue(out.contains("gate finish --run => " + id + " " + shortId), out);
    }
}
