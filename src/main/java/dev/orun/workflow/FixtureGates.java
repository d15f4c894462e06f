package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.gate.ContractLoader;
import dev.orun.gate.GateContract;
import dev.orun.gate.GateEvaluator;
import dev.orun.gate.HashCache;
import dev.orun.gate.HashProgress;
import dev.orun.gate.PathVariables;
import dev.orun.gate.RepoFiles;
import dev.orun.gate.ValidationSpec;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a gate's contract on a fixture as {@code gate finish} would, with no run: the contract is found by gate
 * id as the seed's suite finds it ({@code orchestration/gates/contracts/<gate>.contract.json}), else through the
 * workflows; {@code url_reachable} validations are left out unless {@code online}, as the seed's suite leaves them
 * out (they reach the network).
 */
public final class FixtureGates implements FixtureSuite.GateProbe {
    public static final String CONTRACTS_DIR = "orchestration/gates/contracts";
    static final Set<String> NETWORK_TYPES = Set.of("url_reachable");
    /** Types that only read files; any other (command, a team's own type) may write, so the tree is restored after. */
    static final Set<String> READ_ONLY_TYPES = Set.of("file_exists", "dir_exists", "min_file_count", "min_sources",
            "min_sources_any_of", "contains_headings", "contains_text", "not_contains", "frontmatter_status", "regex_match",
            "min_regex_count", "url_reachable", "viz_tech_match", "json_schema", "matches", "min_words");

    private final OrunPaths paths;
    private final SchemaValidator schemas;
    private final WorkflowCatalog workflows;
    private final Map<String, String> env;
    private final boolean online;
    private final Path scratch;
    private final Map<String, GateContract> contracts = new HashMap<>();

    /** {@code scratch}: a folder outside the repository for the hash cache (it is not the repository's). */
    public FixtureGates(OrunPaths paths, SchemaValidator schemas, WorkflowCatalog workflows, Map<String, String> env,
                        boolean online, Path scratch) {
        this.paths = paths;
        this.schemas = schemas;
        this.workflows = workflows;
        this.env = Map.copyOf(env);
        this.online = online;
        this.scratch = scratch;
    }

    @Override
    public String prepare(String gate, String where) {
        return contract(gate, where).source();
    }

    @Override
    public FixtureSuite.Probe evaluate(String gate, PathVariables vars, String depth, Path logs) {
        GateContract contract = contract(gate, gate);
        List<ValidationSpec> kept = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ValidationSpec v : contract.validations()) {
            if (!online && NETWORK_TYPES.contains(v.type())) {
                skipped.add(v.type() + " " + (v.target() == null ? "" : v.target() + " ")
                        + "skipped: it reaches the network (pass --online to check it)");
            } else {
                kept.add(v);
            }
        }
        GateContract evaluated = new GateContract(contract.gate(), contract.name(), contract.blocking(),
                contract.description(), contract.mode(), contract.outputs(), kept, contract.source(), contract.agent(),
                contract.preScripts(), contract.skills());
        boolean wrote = !contract.preScripts().isEmpty()
                || contract.validations().stream().anyMatch(v -> !READ_ONLY_TYPES.contains(v.type()));
        // As gate finish: {client_component} found in the laid-out folder, pre-scripts first, then found again.
        List<PreScripts.Outcome> scripts = new PreScripts(paths.root(), env, PreScripts.TIMEOUT)
                .run(contract, vars.withClientComponent(paths.root()), logs);
        List<String> notes = new ArrayList<>();
        for (PreScripts.Outcome o : scripts) {
            if (!o.ok()) {
                notes.add(o.warning());
            }
        }
        GateEvaluator evaluator = new GateEvaluator(new RepoFiles(paths.root()), schemas,
                new HashCache(scratch.resolve("hashes.json"), Clock.systemUTC()), env, GateService.COMMAND_TIMEOUT);
        var eval = evaluator.evaluate(evaluated, vars.withClientComponent(paths.root()), depth, logs, HashProgress.NONE);
        List<dev.orun.run.ValidationResult> all = new ArrayList<>();
        scripts.forEach(o -> all.add(o.result()));
        all.addAll(eval.validations());
        eval = new dev.orun.gate.GateEvaluation(eval.requiredOutputs(), eval.artifacts(), all, eval.status(),
                eval.failureReason(), eval.cachedFiles());
        return new FixtureSuite.Probe(eval, notes, skipped, wrote);
    }

    private GateContract contract(String gate, String where) {
        GateContract cached = contracts.get(gate);
        if (cached != null) {
            return cached;
        }
        ContractLoader loader = new ContractLoader(paths, schemas);
        String conventional = CONTRACTS_DIR + "/" + gate + ".contract.json";
        GateContract c;
        if (Files.isRegularFile(paths.root().resolve(conventional))) {
            c = loader.load(conventional, where);
        } else {
            String found = null;
            for (Path file : workflows.files().values()) {
                WorkflowGate wg = workflows.load(file).gate(gate);
                if (wg != null) {
                    found = wg.contract();
                    break;
                }
            }
            if (found == null) {
                throw OrunException.notFound(where + ": no contract for gate " + gate + ": looked for " + conventional
                        + " and in the workflows " + workflows.names() + ": fix the gate id or add the contract");
            }
            c = loader.load(found, where);
        }
        contracts.put(gate, c);
        return c;
    }
}
