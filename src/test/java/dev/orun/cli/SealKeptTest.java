package dev.orun.cli;

import dev.orun.run.RecordSeal;
import dev.orun.schema.JsonText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.orun.cli.PipelineTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write keeps the previous seal's digests of the fields it did not change (RecordSeal, RunStore.check): through the
 * commands a user runs, the seal written is the seal computed afresh, and a hand edit the memo took in still shows.
 */
class SealKeptTest {
    @TempDir
    Path dir;

    @Test
    void everySealWrittenIsTheSealComputedAfresh() throws IOException {
        OrunCli cli = RecordTruthTest.threeGates(dir);
        String id = RecordTruthTest.start(cli);
        assertFresh(id);
        RecordTruthTest.pass(cli, id, "G1");
        assertFresh(id);
        cli.run("gate", "start", "--run", id, "--gate", "G2").assertExit(0);
        for (int i = 0; i < 3; i++) {
            cli.run("invocation", "record", "--run", id, "--gate", "G2", "--agent", "a", "--status", "SUCCESS",
                    "--tokens-prompt", String.valueOf(100 + i), "--tokens-completion", "7").assertExit(0);
            assertFresh(id);
        }
        cli.run("gate", "fail", "--run", id, "--gate", "G2", "--reason", "not yet").assertExit(0);
        assertFresh(id);
        RecordTruthTest.pass(cli, id, "G3");
        cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
        assertFresh(id);
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void aHandEditThatRunShowTookInStillShowsAfterTheNextWrite() throws IOException {
        OrunCli cli = RecordTruthTest.threeGates(dir);
        String id = RecordTruthTest.start(cli);
        RecordTruthTest.pass(cli, id, "G1");
        Path file = dir.resolve("orchestration/runs/" + id + "/record/RUN.json");
        ObjectNode tree = (ObjectNode) record(dir, id);
        ((ObjectNode) tree.get("gates").get(2)).put("name", "Gate edited by hand");
        Files.write(file, JsonText.prettyBytes(tree));
        cli.run("run", "show", "--run", id).assertExit(0); // validates the edited bytes in full and remembers them
        cli.run("gate", "start", "--run", id, "--gate", "G2").assertExit(0);
        OrunCli.Result verify = cli.run("run", "verify", "--run", id);
        assertNotEquals(0, verify.exit(), verify.describe());
        assertTrue(verify.out().contains("/gates/2/name"), verify.describe());
    }

    private void assertFresh(String id) throws IOException {
        JsonNode written = record(dir, id);
        assertEquals(RecordSeal.seal(written), written.get("seal"), "the seal of " + id);
    }
}
