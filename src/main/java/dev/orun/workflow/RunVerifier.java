package dev.orun.workflow;

import dev.orun.gate.Check;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.gate.ArtifactHasher;
import dev.orun.gate.FileHash;
import dev.orun.gate.HashProgress;
import dev.orun.gate.PathVariables;
import dev.orun.gate.RepoFiles;
import dev.orun.run.Attempt;
import dev.orun.run.EventChain;
import dev.orun.run.GateState;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.RecordSeal;
import dev.orun.run.RunRecord;
import dev.orun.run.Sha256;
import dev.orun.store.LoadedRun;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code run verify}: a run's schema, its event chain, each attempt file against its SHA-256 and its copy in
 * RUN.json, and every indexed artifact rehashed on disk (OK, MODIFIED or MISSING). Legacy (seed) records have
 * no chain and no attempt hashes: their artifact hashes only are checked. Never writes anything.
 */
public final class RunVerifier {
    private final RunStore store;
    /** The blocking gates of a run that have not passed ({@link RunService#blockingNotPassed}); null: not checked. */
    private final java.util.function.Function<RunRecord, List<String>> blockingNotPassed;

    public RunVerifier(RunStore store) {
        this(store, null);
    }

    public RunVerifier(RunStore store, java.util.function.Function<RunRecord, List<String>> blockingNotPassed) {
        this.store = store;
        this.blockingNotPassed = blockingNotPassed;
    }

    /** One thing checked. {@code status}: OK, MODIFIED, MISSING or PROBLEM. */
    public record Finding(String check, String status, String path, String message) {
        public boolean ok() {
            return "OK".equals(status);
        }
    }

    public record Report(String runId, boolean legacy, List<Finding> findings) {
        public boolean ok() {
            return findings.stream().allMatch(Finding::ok);
        }

        public long problems() {
            return findings.stream().filter(f -> !f.ok()).count();
        }
    }

    public Report verify(String runId, HashProgress progress) {
        List<Finding> findings = new ArrayList<>();
        String runJson = store.paths().relative(store.paths().runJson(runId));
        LoadedRun loaded;
        try {
            loaded = store.load(runId);
        } catch (OrunException e) {
            if (e.exit() == Exit.NOT_FOUND && !java.nio.file.Files.isDirectory(store.paths().runDir(runId))) {
                throw e;
            }
            // A run folder without its RUN.json (a crash, a bad merge) is one run's problem, not the end of --all.
            findings.add(new Finding("schema", "PROBLEM", runJson, e.getMessage()));
            return new Report(runId, false, findings);
        }
        findings.add(new Finding("schema", "OK", runJson, loaded.legacy() ? "valid legacy record (Node runner)" : "valid against run.schema.json"));
        if (loaded.legacy()) {
            findings.addAll(artifacts(legacyArtifacts(loaded.tree()), progress));
            return new Report(runId, true, findings);
        }
        RunRecord run = loaded.record();
        List<String> chain = EventChain.verify(run.events());
        if (chain.isEmpty()) {
            findings.add(new Finding("events", "OK", runJson, Check.count(run.events().size(), "event") + ", hash chain intact"));
        } else {
            chain.forEach(p -> findings.add(new Finding("events", "PROBLEM", runJson, p)));
        }
        if (blockingNotPassed != null && run.status() == dev.orun.run.RunStatus.PASSED) {
            List<String> missing = blockingNotPassed.apply(run);
            if (!missing.isEmpty()) {
                findings.add(new Finding("status", "PROBLEM", runJson, "recorded PASSED, but blocking gate"
                        + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + (missing.size() == 1 ? " has" : " have")
                        + " not passed"));
            }
        }
        findings.addAll(seal(runJson, loaded.tree()));
        findings.addAll(attempts(runId, run));
        findings.addAll(indexAgainstAttempts(runJson, run));
        List<Target> targets = new ArrayList<>();
        for (IndexedArtifact a : run.artifactsIndex()) {
            targets.add(new Target(a.resolvedPath() != null ? a.resolvedPath() : a.path(), a.sha256()));
        }
        findings.addAll(artifacts(targets, progress));
        return new Report(runId, false, findings);
    }

    /** Every field of the record against its seal (records written before orun sealed them have none). */
    private static List<Finding> seal(String runJson, JsonNode tree) {
        List<Finding> out = new ArrayList<>();
        List<String> problems = RecordSeal.verify(tree);
        if (!problems.isEmpty()) {
            problems.forEach(p -> out.add(new Finding("seal", "MODIFIED", runJson, p)));
        } else if (tree.has("seal")) {
            out.add(new Finding("seal", "OK", runJson, "every field matches the record's seal"));
        } else {
            out.add(new Finding("seal", "OK", runJson, "no seal (written before orun sealed records): the events, "
                    + "attempt files and artifacts are checked; the run-level fields are not covered"));
        }
        return out;
    }

    /** Each index entry of a gate's attempt against that attempt's own record of the file. */
    private static List<Finding> indexAgainstAttempts(String runJson, RunRecord run) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < run.artifactsIndex().size(); i++) {
            IndexedArtifact a = run.artifactsIndex().get(i);
            GateState g = a.gate() == null ? null : run.gate(a.gate());
            if (g == null || a.attempt() == null) {
                continue;
            }
            for (Attempt at : g.attempts()) {
                if (at.attempt() != a.attempt() || at.artifacts() == null) {
                    continue;
                }
                for (dev.orun.run.ArtifactRef ref : at.artifacts()) {
                    if (java.util.Objects.equals(ref.resolvedPath(), a.resolvedPath()) && ref.sha256() != null
                            && !ref.sha256().equals(a.sha256())) {
                        out.add(new Finding("index", "MODIFIED", runJson, "/artifacts_index/" + i + "/sha256: is " + a.sha256()
                                + ", gate " + g.gate() + " attempt " + at.attempt() + " recorded " + ref.sha256()));
                    }
                }
            }
        }
        return out;
    }

    private List<Finding> attempts(String runId, RunRecord run) {
        List<Finding> out = new ArrayList<>();
        Path gatesDir = store.paths().recordDir(runId).resolve("gates");
        java.util.Set<Path> recorded = new java.util.HashSet<>();
        for (GateState g : run.gates()) {
            for (Attempt a : g.attempts()) {
                if (a.fileSha256() == null) {
                    continue; // still running: its file is written when it ends
                }
                Path file = gatesDir.resolve(g.gate()).resolve("attempt-" + a.attempt() + ".json");
                recorded.add(file);
                String rel = store.paths().relative(file);
                if (!Files.isRegularFile(file)) {
                    out.add(new Finding("attempt", "MISSING", rel, "attempt file is gone; RUN.json records it with sha256 " + a.fileSha256()));
                    continue;
                }
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    String sha = Sha256.hex(bytes);
                    if (!sha.equals(a.fileSha256())) {
                        out.add(new Finding("attempt", "MODIFIED", rel, "sha256 is " + sha + ", RUN.json recorded " + a.fileSha256()));
                        continue;
                    }
                    // The attempt file is the deterministic form of the attempt without its hash: byte-equal or edited.
                    if (!java.util.Arrays.equals(bytes, GateService.attemptBytes(a))) {
                        out.add(new Finding("attempt", "MODIFIED", rel, "RUN.json's copy of gate " + g.gate() + " attempt "
                                + a.attempt() + " differs from the attempt file (RUN.json was edited)"));
                        continue;
                    }
                    out.add(new Finding("attempt", "OK", rel, "matches its sha256 and its copy in RUN.json"));
                } catch (IOException | RuntimeException e) {
                    out.add(new Finding("attempt", "PROBLEM", rel, "cannot be read: " + e.getMessage()));
                }
            }
        }
        if (Files.isDirectory(gatesDir)) {
            try (Stream<Path> s = Files.walk(gatesDir)) {
                s.filter(p -> p.getFileName().toString().matches("attempt-\\d+\\.json")).sorted()
                        .filter(p -> !recorded.contains(p))
                        .forEach(p -> out.add(new Finding("attempt", "PROBLEM", store.paths().relative(p),
                                "attempt file is not recorded in RUN.json (added by hand, or RUN.json lost it)")));
            } catch (IOException e) {
                out.add(new Finding("attempt", "PROBLEM", store.paths().relative(gatesDir), "cannot list: " + e.getMessage()));
            }
        }
        return out;
    }

    private record Target(String path, String sha256) {
    }

    /**
     * The seed kept templates in its index; they resolve with the run's slug and artifact path, and
     * {@code {client_component}} as the seed resolves it (the artifact folder's *Client.tsx|jsx). The record is only read.
     */
    private List<Target> legacyArtifacts(JsonNode tree) {
        List<Target> out = new ArrayList<>();
        JsonNode wf = tree.path("workflow");
        PathVariables vars = PathVariables.of(text(wf, "slug"), text(wf, "artifact_path"), text(tree, "run_id"),
                text(wf, "name"), text(tree, "depth"), Map.of()).withClientComponent(store.paths().root());
        for (JsonNode a : tree.path("artifacts_index")) {
            String template = a.path("path").asString();
            String path;
            try {
                path = vars.expand(template, "artifacts_index");
            } catch (OrunException e) {
                path = template;
            }
            out.add(new Target(path, a.path("sha256").asString(null)));
        }
        return out;
    }

    private List<Finding> artifacts(List<Target> targets, HashProgress progress) {
        RepoFiles files = new RepoFiles(store.paths().root());
        List<Finding> out = new ArrayList<>();
        List<Path> toHash = new ArrayList<>();
        List<Target> hashed = new ArrayList<>();
        for (Target t : targets) {
            RepoFiles.Resolved r = files.resolve(t.path());
            if (r.refused()) {
                out.add(new Finding("artifact", "PROBLEM", r.given(), r.escape()));
            } else if (!r.isFile()) {
                out.add(new Finding("artifact", "MISSING", r.relative(), "recorded sha256 " + t.sha256() + ", no file on disk"));
            } else {
                toHash.add(r.file());
                hashed.add(t);
            }
        }
        Map<Path, FileHash> hashes = new ArtifactHasher(files, null).hash(toHash, progress);
        for (int i = 0; i < toHash.size(); i++) {
            String now = hashes.get(toHash.get(i)).sha256();
            Target t = hashed.get(i);
            String rel = files.relative(toHash.get(i));
            out.add(now.equals(t.sha256()) ? new Finding("artifact", "OK", rel, now)
                    : new Finding("artifact", "MODIFIED", rel, "sha256 is " + now + ", recorded " + t.sha256()));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
