package dev.orun.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** contracts check reads every workflow itself: a forged parsed-YAML memo does not change its verdict. */
class ContractsCheckMemoTest {
    @TempDir
    Path repo;

    @Test
    void a_forged_yaml_tree_in_the_cache_is_not_what_contracts_check_reads() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        cli.run("run", "start", "--workflow", "hello", "--slug", "s", "--artifact-path", "out/a").assertExit(0);
        Path trees = repo.resolve("orchestration/runs/.cache/yaml-trees");
        List<Path> entries;
        try (Stream<Path> s = Files.list(trees)) {
            entries = s.toList();
        }
        assertTrue(!entries.isEmpty(), "run start remembered the YAML it parsed");
        // every remembered tree replaced by a workflow whose gate names a contract that does not exist
        for (Path e : entries) {
            Files.writeString(e, "{\"workflow\": \"hello\", \"gates\": [{\"gate\": \"G1\", \"contract\": \"nowhere.json\"}]}");
        }
        assertEquals(0, cli.run("contracts", "check").exit(), "contracts check read the forged memo");
        // while a write takes the memo's word (as it takes the validation memo's): the forgery is what it reads
        assertTrue(cli.run("run", "start", "--workflow", "hello", "--slug", "t", "--artifact-path", "out/b").exit() != 0);
    }
}
