package dev.orun.gate;

import dev.orun.run.ValidationResult;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A repository folder in which one contract is loaded from its file and evaluated, as 'gate finish' does. */
final class ContractEvaluation {
    static final SchemaValidator SCHEMAS = new SchemaValidator();

    final Path root;
    final GateFixture.Writer writer;
    final Map<String, String> env = new HashMap<>();
    String depth = "standard";

    ContractEvaluation(Path root) {
        this.root = root;
        this.writer = new GateFixture.Writer(root);
    }

    Path write(String rel, String content) {
        return writer.write(rel, content);
    }

    ContractEvaluation env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Every result of a contract with these required outputs and these validations (a JSON array). */
    GateEvaluation evaluate(String requiredOutputs, String validations) {
        Path file = write("orchestration/gates/contracts/G.contract.json", "{\"gate\": \"G\", \"required_outputs\": "
                + requiredOutputs + ", \"validations\": " + validations + "}");
        OrunPaths paths = new OrunPaths(root, root.resolve("orchestration/runs"));
        GateContract c = new ContractLoader(paths, SCHEMAS).load(file);
        return new GateEvaluator(new RepoFiles(root), SCHEMAS, new HashCache(root.resolve("hashes.json"), Clock.systemUTC()),
                env, Duration.ofSeconds(30)).evaluate(c, PathVariables.of("demo", "out", "run_x", "t", depth, Map.of()),
                depth, root.resolve("logs"), HashProgress.NONE);
    }

    /** The one result of one validation (a JSON object) over no required outputs. */
    ValidationResult one(String validation) {
        return only(evaluate("[]", "[" + validation + "]").validations());
    }

    static ValidationResult only(List<ValidationResult> results) {
        if (results.size() != 1) {
            throw new AssertionError("wanted one result, got " + results);
        }
        return results.get(0);
    }
}
