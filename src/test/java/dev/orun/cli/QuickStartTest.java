package dev.orun.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, point 13: the README's quick start, in a repository that ignores what this one ignores, then
 * committed as the README says and cloned: the clone verifies. Its outputs under out/ (ignored) would not.
 */
class QuickStartTest {
    @TempDir
    Path dir;

    static final String QUICK_START_PATH = "examples/demo";

    @Test
    void the_quick_start_run_verifies_in_a_clone_after_the_readme_commit() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("./orun run hello --slug demo --artifact-path " + QUICK_START_PATH), "the README's quick start");
        assertTrue(readme.contains("git add " + QUICK_START_PATH + " orchestration/runs"), "the README says what to commit");
        assertEquals(0, verifyInClone(QUICK_START_PATH), "the quick start's record verifies in a clone");
        assertEquals(1, verifyInClone("out/demo"), "control: outputs under the ignored out/ are MISSING in a clone");
    }

    private int verifyInClone(String artifactPath) throws IOException {
        Path repo = dir.resolve("repo-" + artifactPath.replace('/', '-'));
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Files.writeString(repo.resolve(".gitignore"), "\n" + Files.readString(Path.of(".gitignore")), StandardOpenOption.APPEND);
        cli.run("run", "hello", "--slug", "demo", "--artifact-path", artifactPath).assertExit(0);
        OrunCli.git(repo, "add", "-A");
        OrunCli.git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "quick start");
        Path clone = dir.resolve("clone-" + artifactPath.replace('/', '-'));
        OrunCli.git(dir, "clone", "-q", repo.toString(), clone.toString());
        return new OrunCli(clone).run("run", "verify", "--all").exit();
    }
}
