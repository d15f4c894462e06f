package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.gate.GateEvaluation;
import dev.orun.gate.PathVariables;
import dev.orun.run.GateStatus;
import dev.orun.run.ValidationResult;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import dev.orun.store.PlainFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The seed's fixture regression suite ({@code regression.test.js}) as a service: every fixture folder with a
 * {@code manifest.json} is laid out ({@code extends} first, its own files over it, {@code exclude} deleted) in a
 * scratch artifact folder inside the repository, each assertion's gate is evaluated there with no run, and
 * afterwards the scratch folder is deleted and whatever the gates' scripts changed in the working tree is put back
 * (also when a gate throws). Each assertion gets a fresh layout, as in the seed's suite.
 */
public final class FixtureSuite {
    /** The seed's fixtures folder; orun's own when that one is absent. */
    public static final String SEED_FIXTURES = "orchestration/runner/__tests__/__fixtures__";
    public static final String ORUN_FIXTURES = "orchestration/fixtures";
    /** Where the seed's suite lays fixtures out ({@code src/app/essays/__test-fixture-<ms>}), when that folder exists. */
    public static final String SEED_SCRATCH_PARENT = "src/app/essays";
    public static final String SCRATCH_PREFIX = "__test-fixture-";
    public static final String MANIFEST = "manifest.json";

    /** Evaluates one gate on a laid-out fixture, as {@code gate finish} would, creating and changing no run. */
    public interface GateProbe {
        /** Finds and loads the gate's contract (missing: exit 3, malformed: exit 4); returns its file. */
        String prepare(String gate, String where);

        Probe evaluate(String gate, PathVariables vars, String depth, Path logs);
    }

    /**
     * A probe's answer: {@code notes} (e.g. a pre-script's warning), validations {@code skipped} (and why), and
     * whether scripts or commands ran that may have written to the working tree.
     */
    public record Probe(GateEvaluation evaluation, List<String> notes, List<String> skipped, boolean mayHaveWritten) {
        public Probe {
            notes = List.copyOf(notes);
            skipped = List.copyOf(skipped);
        }
    }

    /** A fixture: its folder, its manifest file as shown, and the manifest. */
    public record Fixture(String name, Path dir, String manifestFile, FixtureManifest manifest) {
    }

    /**
     * One assertion's outcome. {@code got}: pass, warn (passed with warnings) or fail; {@code holds} follows the seed:
     * pass = the gate passed, fail = it failed, warn = at least one warning.
     */
    public record Outcome(String fixture, String gate, String expect, String got, int warnings, boolean holds,
                          String reason, String manifestFile, String pointer, String contract, String artifactPath,
                          List<ValidationResult> validations, List<String> notes, List<String> skipped,
                          List<String> restored) {
        public Outcome {
            validations = List.copyOf(validations);
            notes = List.copyOf(notes);
            skipped = List.copyOf(skipped);
            restored = List.copyOf(restored);
        }
    }

    /** {@code removed}: scratch folders that runs killed earlier left behind, deleted before this one. */
    public record Report(String fixturesDir, int fixtures, List<Outcome> outcomes, List<String> restored, List<String> removed) {
        public Report {
            outcomes = List.copyOf(outcomes);
            restored = List.copyOf(restored);
            removed = List.copyOf(removed);
        }

        public long held() {
            return outcomes.stream().filter(Outcome::holds).count();
        }

        public boolean allHeld() {
            return held() == outcomes.size();
        }
    }

    private final OrunPaths paths;
    private final SchemaValidator schemas;
    private final GateProbe probe;
    private final Clock clock;

    public FixtureSuite(OrunPaths paths, SchemaValidator schemas, GateProbe probe, Clock clock) {
        this.paths = paths;
        this.schemas = schemas;
        this.probe = probe;
        this.clock = clock;
    }

    /** {@code --fixtures} or the default: the seed's folder when present, else {@code orchestration/fixtures}. */
    public Path fixturesDir(String given) {
        if (given != null) {
            Path p = paths.root().resolve(given).normalize();
            if (!Files.isDirectory(p)) {
                throw OrunException.notFound("--fixtures " + given + ": no such folder: give a folder of fixture folders,"
                        + " each with a " + MANIFEST);
            }
            return p;
        }
        Path seed = paths.root().resolve(SEED_FIXTURES);
        if (Files.isDirectory(seed)) {
            return seed;
        }
        Path own = paths.root().resolve(ORUN_FIXTURES);
        if (Files.isDirectory(own)) {
            return own;
        }
        throw OrunException.notFound("no fixtures: neither " + SEED_FIXTURES + " nor " + ORUN_FIXTURES
                + " exists: add " + ORUN_FIXTURES + "/<name>/" + MANIFEST + " or pass --fixtures DIR");
    }

    /**
     * {@code --scratch-dir} or the default parent of the scratch artifact folder: the seed's {@code src/app/essays}
     * when it exists, else the runs folder's {@code .cache/fixtures} (gitignored by {@code orun init}).
     */
    public Path scratchParent(String given) {
        if (given != null) {
            return paths.resolveInside(given, "--scratch-dir");
        }
        Path seed = paths.root().resolve(SEED_SCRATCH_PARENT);
        if (Files.isDirectory(seed)) {
            return seed;
        }
        Path cache = paths.cacheDir().resolve("fixtures");
        return cache.startsWith(paths.root()) ? cache : paths.orchestration().resolve(".fixtures-scratch");
    }

    /**
     * Every fixture folder (sorted by name) or the ones {@code names} gives (unknown: exit 3), with manifests
     * validated — theirs and those they extend — and every asserted gate's contract loaded, before anything runs.
     */
    public List<Fixture> discover(Path dir, List<String> names) {
        Map<String, Path> all = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isDirectory(p) && Files.isRegularFile(p.resolve(MANIFEST)))
                    .forEach(p -> all.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + paths.relative(dir) + ": " + e.getMessage(), e);
        }
        List<String> chosen = names == null || names.isEmpty() ? new ArrayList<>(all.keySet()) : names;
        for (String n : chosen) {
            if (!all.containsKey(n)) {
                throw OrunException.notFound("fixture '" + n + "' not found in " + paths.relative(dir) + " (fixtures: "
                        + String.join(", ", all.keySet()) + "): name a folder that holds a " + MANIFEST);
            }
        }
        Map<String, FixtureManifest> manifests = new HashMap<>();
        List<Fixture> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(chosen)) {
            FixtureManifest m = manifest(all, n, manifests);
            chain(all, n, manifests); // extends must resolve, without cycles
            String file = paths.relative(all.get(n).resolve(MANIFEST));
            for (int i = 0; i < m.exclude().size(); i++) {
                String x = m.exclude().get(i);
                Path p = Path.of("scratch").resolve(x).normalize();
                if (Path.of(x).isAbsolute() || x.startsWith("/") || !p.startsWith(Path.of("scratch")) || p.equals(Path.of("scratch"))) {
                    throw OrunException.invalid(file + " /exclude/" + i + ": '" + x + "' leaves the fixture: name a path"
                            + " inside it, relative to the fixture folder");
                }
            }
            for (FixtureManifest.Assertion a : m.assertions()) {
                probe.prepare(a.gate(), file + " " + a.pointer() + "/gate");
            }
            out.add(new Fixture(n, all.get(n), file, m));
        }
        return out;
    }

    private FixtureManifest manifest(Map<String, Path> all, String name, Map<String, FixtureManifest> cache) {
        FixtureManifest m = cache.get(name);
        if (m == null) {
            Path file = all.get(name).resolve(MANIFEST);
            m = FixtureManifest.read(file, paths.relative(file), schemas);
            cache.put(name, m);
        }
        return m;
    }

    /** The fixtures laid out for {@code name}, base first: its {@code extends} chain, then itself. */
    private List<String> chain(Map<String, Path> all, String name, Map<String, FixtureManifest> cache) {
        List<String> order = new ArrayList<>();
        String current = name;
        while (current != null) {
            if (order.contains(current)) {
                throw OrunException.invalid(paths.relative(all.get(name).resolve(MANIFEST)) + " /extends: the chain "
                        + String.join(" -> ", order) + " -> " + current + " is a cycle: make one fixture the base");
            }
            order.add(current);
            String base = manifest(all, current, cache).extendsName();
            if (base != null && !all.containsKey(base)) {
                throw OrunException.invalid(paths.relative(all.get(current).resolve(MANIFEST)) + " /extends: fixture '" + base
                        + "' not found (fixtures: " + String.join(", ", all.keySet()) + "): name a fixture folder of "
                        + paths.relative(all.get(current).getParent()));
            }
            current = base;
        }
        java.util.Collections.reverse(order);
        return order;
    }

    /** Runs every assertion of {@code fixtures}; {@code logs} is a folder outside the repository for scripts' output. */
    public Report run(Path fixturesDir, List<Fixture> fixtures, Path scratchParent, Path logs) {
        Map<String, Path> all = new TreeMap<>();
        Map<String, FixtureManifest> manifests = new HashMap<>();
        try (Stream<Path> s = Files.list(fixturesDir)) {
            s.filter(p -> Files.isDirectory(p) && Files.isRegularFile(p.resolve(MANIFEST)))
                    .forEach(p -> all.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + paths.relative(fixturesDir) + ": " + e.getMessage(), e);
        }
        fixtures.forEach(f -> manifests.put(f.name(), f.manifest()));
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> restoredAll = new java.util.TreeSet<>();
        Path firstMissing = null; // the top folder this run creates for the scratch parent, removed afterwards
        for (Path d = scratchParent; d != null && d.startsWith(paths.root()) && !Files.exists(d); d = d.getParent()) {
            firstMissing = d;
        }
        Path scratch = scratchParent.resolve(SCRATCH_PREFIX + clock.millis() + "-" + Long.toString(ProcessHandle.current().pid(), 36));
        List<String> removed = removeLeftovers(scratchParent);
        Set<Path> skipped = Set.of(paths.runsDir(), fixturesDir);
        try (WorkingTreeSnapshot snapshot = WorkingTreeSnapshot.take(paths.root(), skipped)) {
            Thread cleanup = new Thread(() -> cleanUp(scratch, snapshot));
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                for (Fixture f : fixtures) {
                    List<String> chain = chain(all, f.name(), manifests);
                    for (FixtureManifest.Assertion a : f.manifest().assertions()) {
                        outcomes.add(runOne(f, a, chain, all, manifests, scratch, logs, snapshot, restoredAll));
                    }
                }
            } finally {
                PlainFiles.deleteTree(scratch);
                if (firstMissing != null) {
                    PlainFiles.deleteTree(firstMissing);
                }
                restoredAll.addAll(snapshot.restore());
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down; the hook does the same
                }
            }
        }
        return new Report(paths.relative(fixturesDir), fixtures.size(), outcomes, new ArrayList<>(restoredAll), removed);
    }

    /** Scratch folders of earlier runs whose process is gone (killed before it could clean up): deleted. */
    private List<String> removeLeftovers(Path scratchParent) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(scratchParent)) {
            return out;
        }
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(SCRATCH_PREFIX) + "\\d+-([0-9a-z]{1,13})");
        try (Stream<Path> s = Files.list(scratchParent)) {
            for (Path p : s.sorted().toList()) {
                var m = name.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p) && ProcessHandle.of(Long.parseLong(m.group(1), 36)).isEmpty()) {
                    PlainFiles.deleteTree(p);
                    out.add(paths.relative(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + paths.relative(scratchParent) + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Outcome runOne(Fixture f, FixtureManifest.Assertion a, List<String> chain, Map<String, Path> all,
                           Map<String, FixtureManifest> manifests, Path scratch, Path logs, WorkingTreeSnapshot snapshot,
                           Set<String> restoredAll) {
        FixtureManifest m = f.manifest();
        String artifactPath = paths.relative(scratch);
        List<String> restored = new ArrayList<>();
        Probe p = null;
        try {
            layOut(chain, all, manifests, scratch);
            Map<String, String> vars = new LinkedHashMap<>(m.vars());
            PathVariables pv = PathVariables.of(m.slug(), artifactPath, null, null, m.depth(), vars);
            p = probe.evaluate(a.gate(), pv, m.depth(), logs.resolve(f.name()).resolve(a.gate()));
        } finally {
            PlainFiles.deleteTree(scratch);
            if (p == null || p.mayHaveWritten()) {
                // A script may have written anywhere: put the working tree back before the next assertion.
                restored.addAll(snapshot.restore());
                restoredAll.addAll(restored);
            }
        }
        GateEvaluation e = p.evaluation();
        // As the seed's suite counts them: warned checks; a failed pre-script is a note, not a check's warning.
        int warnings = (int) e.validations().stream()
                .filter(v -> !v.pass() && v.isWarning() && !v.type().equals(PreScripts.TYPE)).count();
        String got = e.status() != GateStatus.PASS ? "fail" : warnings > 0 ? "warn" : "pass";
        boolean holds = switch (a.expect()) {
            case "pass" -> e.status() == GateStatus.PASS;
            case "fail" -> e.status() != GateStatus.PASS;
            default -> warnings > 0;
        };
        return new Outcome(f.name(), a.gate(), a.expect(), got, warnings, holds, a.reason(), f.manifestFile(), a.pointer(),
                probe.prepare(a.gate(), a.gate()), artifactPath, e.validations(), p.notes(), p.skipped(), restored);
    }

    /** The seed's layout: each fixture of the chain copied over the last (manifest.json files left out), then excludes. */
    private void layOut(List<String> chain, Map<String, Path> all, Map<String, FixtureManifest> manifests, Path scratch) {
        try {
            PlainFiles.createFolders(scratch.resolve("research"));
            for (String name : chain) {
                PlainFiles.copyTree(all.get(name), scratch, f -> f.getFileName().toString().equals(MANIFEST));
                for (String x : manifests.get(name).exclude()) {
                    PlainFiles.deleteTree(scratch.resolve(x).normalize());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the fixture in " + paths.relative(scratch) + ": " + e.getMessage(), e);
        }
    }

    private void cleanUp(Path scratch, WorkingTreeSnapshot snapshot) {
        try {
            PlainFiles.deleteTree(scratch);
            snapshot.restore();
        } catch (RuntimeException ignored) {
            // best effort while the JVM goes down (Ctrl-C)
        }
    }

}
