package dev.orun.cli;

import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table {@code run list} prints, line for line, against printf's {@code %-Ns} columns built from its --json rows. */
class RunListTableTest {
    @TempDir
    Path repo;

    @Test
    void the_table_is_printfs_columns_over_many_rows_with_legacy_ones_marked() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String a = cli.run("run", "start", "--workflow", "hello", "--slug", "a", "--artifact-path", "out/a").assertExit(0).lastLine();
        cli.run("run", "complete", "--run", a, "--status", "FAILED").assertExit(0);
        // Copies of the run (as a merge brings them), enough for the table to be written out in several pieces.
        Path runs = repo.resolve("orchestration/runs");
        String json = Files.readString(runs.resolve(a).resolve("record/RUN.json"));
        for (int i = 0; i < 250; i++) {
            String id = String.format("run_20300101T0000%02d%03dZ_copy-%d_abc%03d", i / 1000, i % 1000, i, i);
            Path dir = Files.createDirectories(runs.resolve(id).resolve("record"));
            Files.writeString(dir.resolve("RUN.json"), json.replace(a, id));
        }
        if (Shared.present(FastPathTest.SEED_RUNS)) {
            OrunCli.copyTree(FastPathTest.SEED_RUNS, runs); // the Node runner's records: legacy, marked '*'
        }
        var rows = Json.STRICT.readTree(cli.run("run", "list", "--json").assertExit(0).out()).get("runs");
        int idWidth = 60;
        int workflowWidth = 12;
        boolean legacy = false;
        for (var r : rows) {
            idWidth = Math.max(idWidth, r.get("run_id").asString().length());
            workflowWidth = Math.max(workflowWidth, r.get("workflow").asString().length());
            legacy |= r.get("legacy").asBoolean();
        }
        String format = "%-" + idWidth + "s  %-" + workflowWidth + "s  %-11s  %-5s  %s";
        List<String> expected = new ArrayList<>();
        expected.add(String.format(format, "RUN", "WORKFLOW", "STATUS", "GATES", "STARTED"));
        for (var r : rows) {
            expected.add(String.format(format, r.get("run_id").asString(), r.get("workflow").asString(),
                    r.get("status").asString() + (r.get("legacy").asBoolean() ? "*" : ""),
                    r.get("gates_passed").asInt() + "/" + r.get("gates_total").asInt(), r.get("started_at").asString()));
        }
        if (legacy) {
            expected.add("* legacy record (Node runner): read-only");
        }
        assertTrue(rows.size() > 250, "rows: " + rows.size());
        OrunCli.Result table = cli.run("run", "list").assertExit(0);
        assertEquals(String.join("\n", expected) + "\n", table.out(), table.describe());
        // The same from the index, now that it is written.
        assertEquals(String.join("\n", expected) + "\n", cli.run("run", "list").assertExit(0).out());
    }
}
