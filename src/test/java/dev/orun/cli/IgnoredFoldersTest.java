package dev.orun.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a repository that never ran {@code orun init}, a run's {@code logs/} and {@code runs/.cache/} keep themselves
 * out of git with a {@code .gitignore} of {@code *}: {@code git status} shows only the committed record (DESIGN 1).
 */
class IgnoredFoldersTest {
    static final String COMMIT = "-c user.email=t@example.com -c user.name=t commit -qm setup";

    static void commitAll(Path dir) {
        OrunCli.git(dir, "add", "-A");
        OrunCli.git(dir, COMMIT.split(" "));
    }

    static List<String> status(Path dir, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "status";
        args[1] = "--porcelain";
        args[2] = "--untracked-files=all";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return OrunCli.git(dir, args).lines().toList();
    }

    /** Every line of {@code git status} is an untracked file under the run's record/, and RUN.json and the attempt are there. */
    static void assertOnlyRecordFiles(Path dir, String runId, String gate) {
        List<String> lines = status(dir);
        String record = "?? orchestration/runs/" + runId + "/record/";
        for (String line : lines) {
            assertTrue(line.startsWith(record), "git status shows more than the run's record: " + line + "\n" + String.join("\n", lines));
        }
        assertTrue(lines.contains(record + "RUN.json"), String.join("\n", lines));
        assertTrue(lines.contains(record + "gates/" + gate + "/attempt-1.json"), String.join("\n", lines));
        // the folders are there, and ignored (check-ignore exits 0 only for an ignored path)
        for (String p : new String[]{"orchestration/runs/" + runId + "/logs/run.lock", "orchestration/runs/.cache/run-index.tsv"}) {
            assertTrue(Files.exists(dir.resolve(p)), p);
            OrunCli.git(dir, "check-ignore", "-q", p);
        }
    }

    static void assertIgnoresItself(Path folder) throws IOException {
        assertEquals("*\n", Files.readString(folder.resolve(".gitignore")), folder.toString());
    }

    @Test
    void a_run_in_a_repository_without_orun_init_shows_only_its_record_in_git_status(@TempDir Path dir) throws IOException {
        OrunCli.git(dir, "init", "-q");
        Files.createDirectories(dir.resolve("orchestration/workflows"));
        Files.createDirectories(dir.resolve("orchestration/gates/contracts"));
        Files.createDirectories(dir.resolve("out/demo"));
        Files.writeString(dir.resolve("orchestration/workflows/t.yaml"), """
                workflow: t
                version: "1"
                gates:
                  - gate: G1
                    name: Test gate
                    agent: tester
                    contract: orchestration/gates/contracts/t.G1.contract.json
                """);
        Files.writeString(dir.resolve("orchestration/gates/contracts/t.G1.contract.json"), """
                {"gate": "G1", "name": "Test gate", "blocking": true, "required_outputs": ["{artifact_path}/a.md"],
                 "validations": [{"type": "file_exists", "target": "{artifact_path}/a.md"}]}
                """);
        Files.writeString(dir.resolve("out/demo/a.md"), "alpha\n");
        // a settled file, so that gate finish caches its hash (a file changed a moment ago is hashed every time)
        Files.setLastModifiedTime(dir.resolve("out/demo/a.md"), FileTime.from(Instant.now().minusSeconds(3600)));
        commitAll(dir);
        OrunCli cli = new OrunCli(dir);

        String id = cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("run", "list").assertExit(0);
        cli.run("run", "show", id).assertExit(0);
        cli.run("run", "verify", "--all").assertExit(0);
        cli.run("stats").assertExit(0);

        assertFalse(Files.exists(dir.resolve(".gitignore")), "no orun init, no root .gitignore");
        assertOnlyRecordFiles(dir, id, "G1");
        assertIgnoresItself(dir.resolve("orchestration/runs/" + id + "/logs"));
        assertIgnoresItself(dir.resolve("orchestration/runs/.cache"));
        assertTrue(Files.exists(dir.resolve("orchestration/runs/.cache/hashes.json")), "gate finish cached the hashes");
        assertTrue(Files.exists(dir.resolve("orchestration/runs/.cache/run-index.tsv")), "run list wrote its index");
        assertTrue(Files.exists(dir.resolve("orchestration/runs/.cache/stats-index.tsv")), "stats wrote its index");
    }

    @Test
    void a_gitignore_the_user_wrote_is_left_as_it_is(@TempDir Path dir) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        Path mine = dir.resolve("orchestration/runs/.cache/.gitignore");
        Files.createDirectories(mine.getParent());
        Files.writeString(mine, "# mine\n*\n");
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        cli.run("run", "list").assertExit(0);
        assertEquals("# mine\n*\n", Files.readString(mine));
        assertIgnoresItself(dir.resolve("orchestration/runs/" + id + "/logs"));
    }

    @Test
    void a_run_in_a_git_copy_of_the_seed_head_shows_only_its_record_in_git_status(@TempDir Path dir) throws IOException {
        OrunCli.copyTree(Shared.require(SeedHeadTest.HEAD), dir);
        SeedHeadTest.withoutTypesThisBuildLacks(dir);
        OrunCli.git(dir, "init", "-q");
        commitAll(dir);
        assertEquals(List.of(), status(dir, "--ignored"), "the copy starts clean");
        OrunCli cli = new OrunCli(dir);

        String slug = SeedHeadTest.SLUG;
        String id = cli.run("run", "start", "--workflow", "visual-essay", "--slug", slug, "--artifact-path", "src/app/essays/" + slug,
                "--depth", "deep").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        OrunCli.Result finish = cli.run("gate", "finish", "--run", id, "--gate", "G1");
        assertTrue(finish.exit() == 0 || finish.exit() == 1, finish.describe());
        cli.run("run", "list").assertExit(0);
        cli.run("run", "verify", "--run", id);
        cli.run("run", "verify", "--all");

        assertOnlyRecordFiles(dir, id, "G1");
        assertIgnoresItself(dir.resolve("orchestration/runs/" + id + "/logs"));
        assertIgnoresItself(dir.resolve("orchestration/runs/.cache"));
    }
}
