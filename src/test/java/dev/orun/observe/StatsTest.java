package dev.orun.observe;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** orun stats over real runs, and its cache. */
class StatsTest {
    @TempDir
    Path dir;

    private static JsonNode row(JsonNode doc, String workflow, String gate) {
        for (JsonNode r : doc.path("rows")) {
            if (r.path("workflow").asString().equals(workflow) && (gate == null ? r.path("gate").isNull() : gate.equals(r.path("gate").asString()))) {
                return r;
            }
        }
        throw new AssertionError("no row " + workflow + "/" + gate + " in " + doc);
    }

    @Test
    void stats_counts_runs_pass_rates_attempts_durations_tokens_and_cost_per_workflow_and_gate() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        cli.run("run", "hello", "--slug", "a", "--artifact-path", "out/a").assertExit(0);
        cli.run("run", "hello", "--slug", "b", "--artifact-path", "out/b").assertExit(0);
        String failed = cli.run("run", "start", "--workflow", "hello", "--slug", "c", "--artifact-path", "out/c").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", failed, "--gate", "G1", "--agent", "greeter").assertExit(0);
        cli.run("gate", "fail", "--run", failed, "--gate", "G1", "--reason", "first try").assertExit(0);
        cli.run("gate", "start", "--run", failed, "--gate", "G1", "--agent", "greeter", "--reopen").assertExit(0);
        cli.run("invocation", "record", "--run", failed, "--gate", "G1", "--agent", "greeter", "--model", "m", "--provider", "p",
                "--tokens-prompt", "100", "--tokens-completion", "50", "--cost-usd", "0.5").assertExit(0);
        cli.run("gate", "fail", "--run", failed, "--gate", "G1", "--reason", "second try").assertExit(0);

        OrunCli.Result r = cli.run("stats", "--json").assertExit(0);
        JsonNode doc = Json.STRICT.readTree(r.out());
        JsonNode hello = row(doc, "hello", null);
        assertEquals(3, hello.path("runs").asInt(), r.describe());
        assertEquals(2, hello.path("passed").asInt());
        assertEquals(1, hello.path("failed").asInt());
        assertEquals(2.0 / 3, hello.path("pass_rate").asDouble(), 1e-9);
        assertEquals(150, hello.path("tokens").path("input").asLong() + hello.path("tokens").path("output").asLong());
        assertEquals(0.5, hello.path("cost_usd").asDouble(), 1e-9);
        assertTrue(hello.path("duration_ms").path("p50").asLong() >= 0);

        JsonNode g1 = row(doc, "hello", "G1");
        assertEquals(3, g1.path("runs").asInt());
        assertEquals(2, g1.path("passed").asInt());
        assertEquals(1, g1.path("failed").asInt());
        assertEquals(1.0, g1.path("attempts_per_pass").asDouble(), 1e-9);
        assertEquals(100, g1.path("tokens").path("input").asLong());
        JsonNode g2 = row(doc, "hello", "G2");
        assertEquals(2, g2.path("runs").asInt(), "the failed run never reached G2");
        assertEquals(1.0, g2.path("pass_rate").asDouble(), 1e-9);

        OrunCli.Result table = cli.run("stats").assertExit(0);
        assertTrue(table.out().contains("hello") && table.out().contains("67%") && table.out().contains("$0.5000"), table.describe());
        // The columns: each left-aligned in its width with two spaces after it (the table's first line, exactly).
        assertEquals("WORKFLOW/GATE" + " ".repeat(9) + "RUNS    ENDED   PASS   ATT/PASS  P50      P90      P99      TOKENS     COST",
                table.out().lines().findFirst().orElse(""), table.describe());

        assertTrue(cli.run("stats", "--workflow", "other").assertExit(0).out().contains("no runs"));
        assertTrue(cli.run("stats", "--since", "2099-01-01").assertExit(0).out().contains("no runs"));
    }

    @Test
    void the_stats_cache_follows_new_and_changed_runs_and_a_corrupt_one_is_rebuilt() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        cli.run("run", "hello", "--slug", "a", "--artifact-path", "out/a").assertExit(0);
        assertEquals(1, row(Json.STRICT.readTree(cli.run("stats", "--json").assertExit(0).out()), "hello", null).path("runs").asInt());
        Path cache = dir.resolve("orchestration/runs/.cache/stats-index.tsv");
        assertTrue(Files.exists(cache));
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "b", "--artifact-path", "out/b").assertExit(0).lastLine();
        JsonNode two = row(Json.STRICT.readTree(cli.run("stats", "--json").assertExit(0).out()), "hello", null);
        assertEquals(2, two.path("runs").asInt());
        assertEquals(1, two.path("passed").asInt());
        cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
        JsonNode changed = row(Json.STRICT.readTree(cli.run("stats", "--json").assertExit(0).out()), "hello", null);
        assertEquals(1, changed.path("failed").asInt(), "a changed record is read again");
        Files.writeString(cache, StatsIndex.HEADER + "\nnot\ta\tline\n");
        JsonNode rebuilt = row(Json.STRICT.readTree(cli.run("stats", "--json").assertExit(0).out()), "hello", null);
        assertEquals(2, rebuilt.path("runs").asInt());
        assertTrue(Files.readString(cache).contains(id));
    }
}
