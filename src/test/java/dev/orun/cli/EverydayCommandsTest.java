package dev.orun.cli;

import dev.orun.cli.OrunCli.Result;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EverydayCommandsTest {
    @TempDir
    Path repo;

    private static final Instant START = Instant.parse("2026-02-01T09:00:00Z");

    private OrunCli cli;
    private final List<String> ids = new ArrayList<>();

    /** Five finished runs, oldest first, each with a log file; plus one still running. */
    private void fiveFinishedRunsAndOneRunning() throws Exception {
        cli = OrunCli.initialisedRepo(repo);
        for (int i = 0; i < 5; i++) {
            cli.clock(Clock.fixed(START.plusSeconds(60L * i), ZoneOffset.UTC)); // distinct start times, oldest first
            String id = cli.run("run", "start", "--workflow", "hello", "--slug", "r" + i, "--artifact-path", "out/a").assertExit(0).lastLine();
            cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
            Path log = repo.resolve("orchestration/runs").resolve(id).resolve("logs/gates/G1/prompt.txt");
            Files.createDirectories(log.getParent());
            Files.writeString(log, "x".repeat(1000));
            ids.add(id);
        }
        cli.clock(Clock.fixed(START.plusSeconds(60L * 5), ZoneOffset.UTC));
        ids.add(cli.run("run", "start", "--workflow", "hello", "--slug", "live", "--artifact-path", "out/a").assertExit(0).lastLine());
    }

    private Path logs(String id) {
        return repo.resolve("orchestration/runs").resolve(id).resolve("logs");
    }

    @Test
    void prune_removes_only_old_logs_and_keeps_records_byte_identical() throws Exception {
        fiveFinishedRunsAndOneRunning();
        Map<String, byte[]> records = records();
        Result r = cli.run("logs", "prune", "--keep", "3").assertExit(0);
        // newest 3 = live, r4, r3 are kept; r2, r1, r0 lose their logs
        assertFalse(Files.exists(logs(ids.get(0))), r.describe());
        assertFalse(Files.exists(logs(ids.get(2))), r.describe());
        assertTrue(Files.exists(logs(ids.get(3)).resolve("gates/G1/prompt.txt")));
        assertTrue(Files.exists(logs(ids.get(5))));
        assertTrue(r.out().contains("freed the logs of 3 run(s)"), r.describe());
        assertRecordsUnchanged(records);
        cli.run("run", "show", ids.get(0)).assertExit(0);
    }

    @Test
    void prune_dry_run_deletes_nothing_and_says_what_it_would_free() throws Exception {
        fiveFinishedRunsAndOneRunning();
        Map<String, byte[]> before = allFiles();
        Result r = cli.run("logs", "prune", "--keep", "0", "--dry-run", "--json").assertExit(0);
        var doc = Json.STRICT.readTree(r.out());
        assertEquals(5, doc.get("runs").size(), r.describe());
        assertTrue(doc.get("bytes").asLong() >= 5000, r.describe());
        Map<String, byte[]> after = allFiles();
        after.keySet().removeIf(k -> k.contains(".cache"));
        before.keySet().removeIf(k -> k.contains(".cache"));
        assertEquals(before.keySet(), after.keySet());
    }

    @Test
    void prune_never_touches_a_run_that_is_not_finished_and_honours_older_than_and_the_config() throws Exception {
        fiveFinishedRunsAndOneRunning();
        cli.run("logs", "prune", "--keep", "0", "--older-than", "30d").assertExit(0);
        for (String id : ids) {
            assertTrue(Files.exists(logs(id)), "nothing is 30 days old yet");
        }
        Files.writeString(repo.resolve("orchestration/orun.yaml"), "retention:\n  keep: 1\n");
        cli.run("logs", "prune").assertExit(0);
        assertTrue(Files.exists(logs(ids.get(5))), "the running run keeps its logs");
        for (int i = 0; i < 5; i++) {
            assertFalse(Files.exists(logs(ids.get(i))), "keep 1 from orun.yaml: only the newest (running) run is kept");
        }
        Files.writeString(repo.resolve("orchestration/orun.yaml"), "retention:\n  keep: lots\n");
        Result bad = cli.run("logs", "prune").assertExit(4);
        assertTrue(bad.err().contains("orchestration/orun.yaml /retention/keep"), bad.describe());
    }

    @Test
    void prune_older_than_counts_from_the_clock_and_frees_finished_runs_once_they_are_old_enough() throws Exception {
        fiveFinishedRunsAndOneRunning();
        cli.run("logs", "prune", "--keep", "0", "--older-than", "30d").assertExit(0);
        assertTrue(Files.exists(logs(ids.get(0))), "five minutes old is not 30 days old");
        cli.clock(Clock.fixed(START.plus(Duration.ofDays(31)), ZoneOffset.UTC));
        Result r = cli.run("logs", "prune", "--keep", "0", "--older-than", "30d").assertExit(0);
        for (int i = 0; i < 5; i++) {
            assertFalse(Files.exists(logs(ids.get(i))), "31 days on, finished run " + i + " is older than 30d" + r.describe());
        }
        assertTrue(Files.exists(logs(ids.get(5))), "a running run keeps its logs however old");
    }

    @Test
    void completion_scripts_are_generated_and_pass_bash_n() throws Exception {
        OrunCli c = new OrunCli(repo);
        Result bash = c.run("completion", "bash").assertExit(0);
        assertTrue(bash.out().contains("complete -F") && bash.out().contains("prune"), bash.describe());
        Path script = repo.resolve("orun.bash");
        Files.writeString(script, bash.out());
        OrunCli.exec(repo, "bash", "-n", script.toString());
        Result zsh = c.run("completion", "zsh").assertExit(0);
        assertTrue(zsh.out().startsWith("autoload -U +X compinit"), zsh.describe());
        Files.writeString(script, zsh.out());
        OrunCli.exec(repo, "bash", "-n", script.toString());
        c.run("completion", "fish").assertExit(2);
    }

    private Map<String, byte[]> records() throws Exception {
        Map<String, byte[]> m = allFiles();
        m.keySet().removeIf(k -> !k.contains("/record/"));
        return m;
    }

    private void assertRecordsUnchanged(Map<String, byte[]> before) throws Exception {
        Map<String, byte[]> after = records();
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, after.get(k)), k + " changed"));
    }

    private Map<String, byte[]> allFiles() throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        Path runs = repo.resolve("orchestration/runs");
        try (Stream<Path> s = Files.walk(runs)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(runs.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
