package dev.orun.gate;

import dev.orun.cli.OrunCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, point 11: json_schema names every violation, min_words counts words, thresholds-or-min said once. */
class ValidationMessagesTest {
    @Test
    void json_schema_reports_every_violation(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"json_schema\", \"target\": \"{artifact_path}/d.json\", \"schema\": \"schemas/d.schema.json\"}]");
        f.write("schemas/d.schema.json", "{\"type\": \"object\", \"required\": [\"title\", \"owner\"], \"properties\": {\"title\": {\"type\": \"string\"},"
                + " \"size\": {\"type\": \"integer\"}}}");
        f.write("out/demo/d.json", "{\"title\": 3, \"size\": \"big\"}");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        assertTrue(r.out().contains("3 schema violations against schemas/d.schema.json"), r.describe());
        assertTrue(r.out().contains("/title") && r.out().contains("/size") && r.out().contains("owner"), r.describe());
    }

    @Test
    void min_words_does_not_count_markdown_marks(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_words\", \"target\": \"{artifact_path}/a.md\", \"min\": 3}]");
        f.write("out/demo/a.md", "# \n\n- - - - -\n\n---\n| | |\n> *\n\n## Real words\n");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        assertTrue(r.out().contains("2 words, need 3"), r.describe());
        f.write("out/demo/a.md", "one\n");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0);
        OrunCli.Result one = f.finish().assertExit(1);
        assertTrue(one.out().contains("1 word, need 3"), one.describe());
    }

    @Test
    void thresholds_or_min_missing_is_one_error_with_the_fix(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_words\", \"target\": \"{artifact_path}/a.md\"}]");
        OrunCli.Result start = f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertTrue(start.err().contains("/validations/0") && start.err().contains("'thresholds' or 'min'")
                && start.err().contains("\"min\": N") && !start.err().contains("and 1 more"), start.describe());
        OrunCli.Result check = f.cli.run("contracts", "check");
        assertEquals(4, check.exit(), check.describe());
        String all = check.out() + check.err();
        assertEquals(1, all.lines().filter(l -> l.contains("t.G1.contract.json")).count(), check.describe());
    }
}
