package dev.orun.gate;

import dev.orun.schema.Json;
import dev.orun.store.OrunPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The validations of the seed's 18 contracts at HEAD (../shared/compat/esy-runner-head) are valid to orun, regexes included. */
class SeedContractValidationsTest {
    static final Path HEAD = Path.of("../shared/compat/esy-runner-head").toAbsolutePath().normalize();

    @Test
    void every_validation_of_every_real_contract_is_accepted_and_its_regexes_compile() throws Exception {
        Path dir = HEAD.resolve("orchestration/gates/contracts");
        Assumptions.assumeTrue(Files.isDirectory(dir), "../shared/compat/esy-runner-head is absent: skipped");
        ContractLoader loader = new ContractLoader(new OrunPaths(HEAD, HEAD.resolve("orchestration/runs")), ContractEvaluation.SCHEMAS);
        List<String> problems = new ArrayList<>();
        int validations = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".contract.json")).sorted().toList();
        }
        for (Path f : files) {
            JsonNode tree = Json.LENIENT.readTree(f.toFile());
            JsonNode vs = tree.get("validations");
            // Only the validations (this suite's part of the format): the other fields are checked elsewhere.
            var only = Json.LENIENT.createObjectNode().put("gate", "G");
            only.putArray("required_outputs");
            only.set("validations", vs);
            for (String p : loader.problems(only)) {
                problems.add(f.getFileName() + " " + p);
            }
            for (int i = 0; i < vs.size(); i++) {
                validations++;
                for (String p : Checks.lint(vs.get(i), "/validations/" + i)) {
                    problems.add(f.getFileName() + " " + p);
                }
            }
        }
        assertEquals(18, files.size());
        assertEquals(97, validations);
        assertEquals(List.of(), problems);
    }
}
