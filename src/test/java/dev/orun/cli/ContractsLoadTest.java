package dev.orun.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.orun.cli.PipelineTest.write;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * run start reads the contracts of a workflow of four gates or more on two threads (workflow/ContractsLoad): the
 * error it reports is still the one of the first gate in workflow order, whichever thread read which contract.
 */
class ContractsLoadTest {
    @TempDir
    Path dir;

    /** Eight gates; {@code broken} have a contract that breaks its schema, {@code unknownVar} one naming {missing}. */
    OrunCli eightGates(int[] broken, int unknownVar) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        StringBuilder wf = new StringBuilder("workflow: eight\nversion: \"1\"\ngates:\n");
        for (int i = 1; i <= 8; i++) {
            boolean bad = false;
            for (int b : broken) {
                bad |= b == i;
            }
            String out = i == unknownVar ? "{artifact_path}/{missing}.md" : "{artifact_path}/G" + i + ".md";
            write(dir, "orchestration/gates/contracts/eight.G" + i + ".contract.json", bad
                    ? "{\"gate\": \"G" + i + "\", \"name\": \"Gate " + i + "\", \"blocking\": \"yes\", \"required_outputs\": [], \"validations\": []}"
                    : "{\"gate\": \"G" + i + "\", \"name\": \"Gate " + i + "\", \"blocking\": true, \"required_outputs\": [\"" + out
                    + "\"], \"validations\": []}");
            wf.append("  - {gate: G").append(i).append(", name: Gate ").append(i).append(", agent: a, contract: orchestration/gates/contracts/eight.G")
                    .append(i).append(".contract.json}\n");
        }
        write(dir, "orchestration/workflows/eight.yaml", wf.toString());
        return cli;
    }

    OrunCli.Result start(OrunCli cli) {
        return cli.run("run", "start", "--workflow", "eight", "--slug", "e", "--artifact-path", "out/e");
    }

    @Test
    void theFirstBrokenContractInWorkflowOrderIsTheError() throws IOException {
        for (int[] broken : new int[][] {{2, 5}, {3, 6}, {5}, {8, 1}, {4, 7}}) {
            OrunCli cli = eightGates(broken, 0);
            int first = Math.min(broken[0], broken.length > 1 ? broken[1] : 99);
            OrunCli.Result r = start(cli).assertExit(4);
            assertTrue(r.err().contains("eight.G" + first + ".contract.json") && r.err().contains("/blocking"), r.describe());
            for (int b : broken) {
                assertFalse(b != first && r.err().contains("eight.G" + b + ".contract.json"), r.describe());
            }
            assertFalse(Files.isDirectory(dir.resolve("orchestration/runs")) && hasRun(), "no run was started");
        }
    }

    @Test
    void aGateBeforeTheBrokenContractWithItsOwnProblemIsTheError() throws IOException {
        OrunCli cli = eightGates(new int[] {6}, 3);
        OrunCli.Result r = start(cli).assertExit(4);
        assertTrue(r.err().contains("eight.G3.contract.json") && r.err().contains("unknown variable {missing}"), r.describe());
        cli = eightGates(new int[] {2}, 7);
        r = start(cli).assertExit(4);
        assertTrue(r.err().contains("eight.G2.contract.json") && r.err().contains("/blocking"), r.describe());
    }

    @Test
    void eightGoodContractsStartTheRun() throws IOException {
        OrunCli cli = eightGates(new int[0], 0);
        assertTrue(start(cli).assertExit(0).lastLine().startsWith("run_"));
    }

    private boolean hasRun() throws IOException {
        try (var s = Files.list(dir.resolve("orchestration/runs"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("run_"));
        }
    }
}
