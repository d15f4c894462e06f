package dev.orun.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.orun.cli.PipelineTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, point 15: contracts check keeps its findings on one stream, in order, and warns on unknown variables everywhere. */
class ContractsCheckHabitsTest {
    @TempDir
    Path dir;

    @Test
    void warnings_and_errors_come_in_order_on_one_stream_with_near_miss_suggestions() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write(dir, "orchestration/gates/contracts/v.G1.contract.json", """
                {"gate": "G1", "name": "V", "blocking": true, "required_outputs": ["{artifact_path}/a.md"],
                 "validations": [{"type": "command", "command": "test -s {artifact_pth}/a.md"}]}
                """);
        write(dir, "orchestration/gates/contracts/v.G2.contract.json", """
                {"gate": "G2", "name": "W", "blocking": true, "required_outputs": ["{artifact_path}/b.md"], "validations": [], "bogus": 1}
                """);
        write(dir, "orchestration/workflows/v.yaml", """
                workflow: v
                version: "1"
                gates:
                  - gate: G1
                    name: V
                    agent: a
                    contract: orchestration/gates/contracts/v.G1.contract.json
                    exec: "echo {slugg} ${HOME} {prompt_file} > {artifact_path}/a.md"
                  - gate: G2
                    name: W
                    agent: a
                    contract: orchestration/gates/contracts/v.G2.contract.json
                """);
        OrunCli.Result r = cli.run("contracts", "check");
        assertEquals(4, r.exit(), r.describe());
        assertEquals("", r.err(), "one stream: " + r.describe());
        List<String> lines = r.out().lines().toList();
        int exec = indexOf(lines, "/gates/0/exec: uses {slugg}");
        int command = indexOf(lines, "/validations/0/command: uses {artifact_pth}");
        int bogus = indexOf(lines, "unknown field 'bogus'");
        assertTrue(exec >= 0 && command >= 0 && bogus >= 0, r.describe());
        assertTrue(lines.get(exec).contains("did you mean {slug}?") && !lines.get(exec).contains("HOME")
                && !lines.get(exec).contains("{prompt_file}"), r.describe());
        assertTrue(lines.get(command).contains("did you mean {artifact_path}?"), r.describe());
        assertTrue(lines.get(lines.size() - 1).startsWith("checked "), "the summary comes last: " + r.describe());
        assertTrue(lines.stream().noneMatch(l -> l.contains("{HOME}")), r.describe());
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
