package dev.orun.gate;

import dev.orun.run.ArtifactRef;
import dev.orun.run.GateStatus;
import dev.orun.run.ValidationResult;
import dev.orun.schema.SchemaValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Evaluates a gate contract for one run: resolves the outputs inside the repository, runs every validation,
 * hashes every existing output (folders file by file, in sorted order) and gives the verdict. A warning never
 * fails a gate. Reads outputs; writes nothing but a command check's log and the hash cache.
 */
public final class GateEvaluator {
    private final RepoFiles files;
    private final SchemaValidator schemas;
    private final HashCache cache;
    private final Map<String, String> env;
    private final Duration commandTimeout;

    public GateEvaluator(RepoFiles files, SchemaValidator schemas, HashCache cache, Map<String, String> env,
                         Duration commandTimeout) {
        this.files = files;
        this.schemas = schemas;
        this.cache = cache;
        this.env = Map.copyOf(env);
        this.commandTimeout = commandTimeout;
    }

    public GateEvaluation evaluate(GateContract contract, PathVariables vars, String depth, Path commandLogs,
                                   HashProgress progress) {
        List<ResolvedOutput> outputs = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        for (OutputSpec o : contract.outputs()) {
            String expanded = vars.expand(o.path(), contract.source() + " " + o.pointer());
            boolean required = o.requiredAt(depth);
            outputs.add(new ResolvedOutput(o, files.resolve(expanded), required));
            templates.add(o.path());
        }
        CheckContext ctx = new CheckContext(contract, vars, depth, files, outputs, schemas, commandLogs, env, commandTimeout);

        List<ValidationResult> results = new ArrayList<>();
        // The outputs are required whether or not the contract lists a file_exists check for them: each all_of
        // entry, and at least one of the any_of group (both when a contract has both, as in the seed).
        if (contract.hasEach() && !explicitly(contract, "all_required") && !(explicitly(contract, "any_of") && !contract.hasAnyOf())) {
            results.addAll(Checks.forType("file_exists").run(implicit("all_required"), ctx));
        }
        if (contract.hasAnyOf() && !explicitly(contract, "any_of")) {
            results.addAll(Checks.forType("file_exists").run(implicit("any_of"), ctx));
        }
        for (ValidationSpec v : contract.validations()) {
            results.addAll(Checks.forType(v, ctx).run(v, ctx));
        }

        // Every existing output is hashed, required or not; a folder file by file.
        List<String> paths = new ArrayList<>();
        List<Path> toHash = new ArrayList<>();
        List<String> resolvedPaths = new ArrayList<>();
        for (ResolvedOutput o : outputs) {
            RepoFiles.Resolved r = o.resolved();
            if (r.refused()) {
                if (!o.required()) {
                    results.add(new ValidationResult("file_exists", o.shown(), false, "error", r.escape()));
                }
                continue;
            }
            if (r.isFile()) {
                paths.add(o.spec().path());
                toHash.add(r.file());
                resolvedPaths.add(r.relative());
            } else if (r.isDirectory()) {
                for (Path f : filesIn(r.file())) {
                    String escape = files.symlinkEscape(f);
                    String rel = files.relative(f);
                    if (escape != null) {
                        results.add(new ValidationResult("file_exists", rel, false, "error", "'" + rel + "' " + escape));
                        continue;
                    }
                    paths.add(o.spec().path());
                    toHash.add(f);
                    resolvedPaths.add(rel);
                }
            }
        }
        var hashes = new ArtifactHasher(files, cache).hash(toHash, progress);
        List<ArtifactRef> artifacts = new ArrayList<>();
        int cached = 0;
        for (int i = 0; i < toHash.size(); i++) {
            FileHash h = hashes.get(toHash.get(i));
            cached += h.cached() ? 1 : 0;
            artifacts.add(new ArtifactRef(paths.get(i), resolvedPaths.get(i), h.sha256(), h.bytes(), true));
        }

        List<String> failures = new ArrayList<>();
        for (ValidationResult v : results) {
            if (!v.pass() && !v.isWarning()) {
                failures.add(v.type() + " " + (v.target() == null ? "" : v.target() + ": ") + v.message());
            }
        }
        GateStatus status = failures.isEmpty() ? GateStatus.PASS : GateStatus.FAIL;
        String reason = failures.isEmpty() ? null : failures.size() + " check" + (failures.size() == 1 ? "" : "s")
                + " failed: " + String.join("; ", failures);
        return new GateEvaluation(templates, artifacts, results, status, reason, cached);
    }

    private static boolean explicitly(GateContract contract, String target) {
        for (ValidationSpec v : contract.validations()) {
            if (v.type().equals("file_exists") && target.equals(v.target())) {
                return true;
            }
        }
        return false;
    }

    private static ValidationSpec implicit(String target) {
        return new ValidationSpec("file_exists", target, "error",
                tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "/required_outputs");
    }

    /** Regular files under a folder (symlinks to files included, checked by the caller), sorted by path. */
    private List<Path> filesIn(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p) && Files.isRegularFile(p))
                    .sorted((a, b) -> files.relative(a).compareTo(files.relative(b)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + files.relative(dir) + ": " + e.getMessage(), e);
        }
    }
}
