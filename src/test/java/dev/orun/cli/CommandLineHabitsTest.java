package dev.orun.cli;

import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, "the command line people expect": global options anywhere, suggestions, help, JSON version. */
class CommandLineHabitsTest {
    @TempDir
    Path dir;

    // Point 6
    @Test
    void global_options_work_before_the_command_on_both_paths() {
        OrunCli cli = OrunCli.initialisedRepo(dir.resolve("repo"));
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "g", "--artifact-path", "out/g").assertExit(0).lastLine();
        OrunCli elsewhere = new OrunCli(dir);
        String root = dir.resolve("repo").toString();
        OrunCli.Result list = elsewhere.run("--root", root, "run", "list").assertExit(0);
        assertTrue(list.out().contains(id), list.describe());
        assertTrue(elsewhere.run("--root=" + root, "run", "list").assertExit(0).out().contains(id));
        JsonNode doc = Json.STRICT.readTree(elsewhere.run("--json", "--root", root, "run", "list").assertExit(0).out());
        assertEquals(id, doc.path("runs").get(0).path("run_id").asString());
        // between a command group and its subcommand, and on the full command line (--status forces nothing; show --json)
        doc = Json.STRICT.readTree(elsewhere.run("--root", root, "run", "--json", "show", id).assertExit(0).out());
        assertEquals(id, doc.path("run_id").asString());
        OrunCli.Result verify = elsewhere.run("-v", "--root", root, "--lock-timeout", "5s", "run", "verify", "--run", id).assertExit(0);
        assertTrue(verify.out().contains("no problems"), verify.describe());
        OrunCli.Result err = elsewhere.run("--json", "--root", root, "run", "show", "nope").assertExit(3);
        assertTrue(Json.STRICT.readTree(err.out()).has("error"), err.describe());
    }

    // Point 10 (part): --version --json
    @Test
    void version_with_json_is_json() {
        for (String[] args : new String[][]{{"--version", "--json"}, {"--json", "--version"}, {"-V", "--json"}}) {
            OrunCli.Result r = new OrunCli(dir).run(args).assertExit(0);
            assertEquals("0.1.0", Json.STRICT.readTree(r.out()).path("version").asString(), r.describe());
        }
    }

    // Point 7
    @Test
    void near_misses_get_did_you_mean() {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String[][] cases = {
                {"rn", "list"}, {"run"},
                {"ini"}, {"init"},
                {"run", "lst"}, {"run list"},
                {"run", "list", "--stauts", "PASSED"}, {"--status"},
                {"gate", "finsh", "--run", "x"}, {"finish"},
                {"gate", "start", "--rn", "x", "--gate", "G1"}, {"--run"},
                {"run", "show", "--rnu=x"}, {"--run"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            OrunCli.Result r = cli.run(cases[i]).assertExit(2);
            assertTrue(r.err().contains("did you mean") && r.err().contains(cases[i + 1][0]), r.describe());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.describe());
        }
        // no near miss: the unknown option is still named, beside what is missing
        OrunCli.Result far = cli.run("gate", "start", "--zzzz", "x", "--gate", "G1").assertExit(2);
        assertTrue(far.err().contains("unknown option '--zzzz'") && far.err().contains("--run"), far.describe());
    }

    @Test
    void help_command_prints_the_usage_of_a_command() {
        OrunCli cli = new OrunCli(dir);
        OrunCli.Result root = cli.run("help").assertExit(0);
        assertTrue(root.out().contains("Usage: orun") && root.out().contains("run"), root.describe());
        OrunCli.Result run = cli.run("help", "run").assertExit(0);
        assertTrue(run.out().contains("Usage: orun run"), run.describe());
        OrunCli.Result list = cli.run("help", "run", "list").assertExit(0);
        assertTrue(list.out().contains("Usage: orun run list") && list.out().contains("--status"), list.describe());
    }
}
