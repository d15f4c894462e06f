package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.gate.Checks;
import dev.orun.gate.ContractLoader;
import dev.orun.gate.GateContract;
import dev.orun.gate.OutputSpec;
import dev.orun.gate.PathVariables;
import dev.orun.gate.ValidationSpec;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.PromptRef;
import dev.orun.run.RunIds;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.run.Tokens;
import dev.orun.run.WorkflowRef;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creating runs, completing them and recording invocations: the record operations the core commands call. */
public final class RunService {

    private final RunStore store;
    private final WorkflowCatalog workflows;
    private final Clock clock;

    public RunService(RunStore store, WorkflowCatalog workflows, Clock clock) {
        this.store = store;
        this.workflows = workflows;
        this.clock = clock;
    }

    /**
     * What {@code run start} asks for. {@code promptFile} is relative to the working folder or absolute.
     * {@code artifactPath} null: derived from the slug (see {@link #artifactPath}). {@code variant} and
     * {@code buildModel}: the seed's model build variant, recorded in the run.
     */
    public record StartRequest(String workflow, String slug, String artifactPath, String depth, Path promptFile,
                               Map<String, String> vars, String replayOf, String variant, String buildModel) {
        public StartRequest(String workflow, String slug, String artifactPath, String depth, Path promptFile,
                            Map<String, String> vars, String replayOf) {
            this(workflow, slug, artifactPath, depth, promptFile, vars, replayOf, null, null);
        }
    }

    /** The seed's convention (cli.js STANDARD_ESSAY_DIR): an essay's files live in src/app/essays/{slug}. */
    public static final String SEED_ARTIFACT_PATH = "src/app/essays/{slug}";
    /** The other way to give a run its artifact path, said where --artifact-path is missing. */
    private static final String ARTIFACT_PATH_CONFIG = ", or set a pattern such as 'artifact_path: out/{slug}' in orchestration/orun.yaml";

    /** Whether {@code v} can be a --variant, {@code [a-z0-9][a-z0-9._-]{0,63}} (NameChecksTest holds it to the old regex). */
    static boolean isVariant(String v) {
        return RunIds.isName(v, "._-");
    }

    /** {@code p} without its trailing '/'s (a skill's folder, which the contract may write either way). */
    static String withoutTrailingSlashes(String p) {
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.substring(0, end);
    }

    /**
     * The artifact path of a new run, as the seed's cli.js derives it: {@code --artifact-path} when given; else the
     * pattern {@code artifact_path} of orchestration/orun.yaml, or for the seed's layout (its workflow in
     * orchestration/runner/workflows/) the seed's {@code src/app/essays/{slug}}; with {@code --variant} and no
     * {@code --artifact-path}, that path's {@code v/<variant>} subfolder, which needs the canonical folder to exist.
     * Null when nothing applies (the run has no {artifact_path}).
     */
    public String artifactPath(StartRequest req, Workflow wf) {
        if (req.variant() != null && !isVariant(req.variant())) {
            throw OrunException.usage("--variant '" + req.variant() + "' cannot name a folder: use 1-64 characters of a-z, 0-9,"
                    + " '.', '_' and '-', starting with a letter or digit (e.g. --variant claude-opus-4-6)");
        }
        if (req.artifactPath() != null) {
            return normalise(req.artifactPath());
        }
        String pattern = dev.orun.store.OrunConfig.load(store.paths(), workflows.schemas()).artifactPath();
        String from = "orchestration/orun.yaml artifact_path";
        if (pattern == null && isSeedLayout(wf)) {
            pattern = SEED_ARTIFACT_PATH;
            from = "the seed's default " + SEED_ARTIFACT_PATH;
        }
        if (pattern == null) {
            if (req.variant() != null) {
                throw OrunException.usage("--variant " + req.variant() + " needs the essay's folder: pass --artifact-path P, or set"
                        + " artifact_path: <pattern with {slug}> in orchestration/orun.yaml");
            }
            return null;
        }
        String canonical = normalise(pattern.replace("{slug}", req.slug()));
        store.paths().resolveInside(canonical, from);
        if (req.variant() == null) {
            return canonical;
        }
        if (!java.nio.file.Files.isDirectory(store.paths().root().resolve(canonical))) {
            throw OrunException.usage("--variant " + req.variant() + ": cannot derive the variant's folder " + canonical + "/v/"
                    + req.variant() + ": the canonical essay " + canonical + " does not exist; pass --artifact-path P");
        }
        return canonical + "/v/" + req.variant();
    }

    private boolean isSeedLayout(Workflow wf) {
        Path seedFolder = store.paths().orchestration().resolve("runner").resolve("workflows");
        return wf.source() != null && wf.source().toAbsolutePath().normalize().startsWith(seedFolder.toAbsolutePath().normalize());
    }

    public RunRecord start(StartRequest req) {
        return start(req, false);
    }

    /**
     * Creates a run. Its workflow's contracts are checked first, so a run that could never pass is not created;
     * Every variable the contracts and exec commands use must have a value ({@code --artifact-path} included), in
     * pipeline mode ({@code agentsRunNow}) as for {@code run start}.
     */
    public RunRecord start(StartRequest req, boolean agentsRunNow) {
        RunIds.checkSlug(req.slug());
        checkVarNames(req.vars());
        String depth = req.depth() == null ? "standard" : req.depth();
        if (!RunRecord.DEPTHS.contains(depth)) {
            throw OrunException.usage("--depth '" + depth + "' is not a depth: use quick, standard or deep");
        }
        Workflow wf = workflows.find(req.workflow());
        if (req.artifactPath() != null) {
            store.paths().resolveInside(req.artifactPath(), "--artifact-path");
        }
        String artifactPath = artifactPath(req, wf);
        if (!java.util.Objects.equals(artifactPath, req.artifactPath() == null ? null : normalise(req.artifactPath()))) {
            req = new StartRequest(req.workflow(), req.slug(), artifactPath, req.depth(), req.promptFile(), req.vars(),
                    req.replayOf(), req.variant(), req.buildModel());
        }
        checkContracts(wf, req, agentsRunNow);
        PromptRef prompt = null;
        if (req.promptFile() != null) {
            prompt = promptRef(req.promptFile());
        }
        Instant now = clock.instant();
        String ts = Times.iso(now);
        List<GateState> gates = new ArrayList<>();
        for (WorkflowGate g : wf.gates()) {
            gates.add(new GateState(g.gate(), g.name(), GateStatus.NOT_STARTED, List.of()));
        }
        // As the seed: a variant's run id carries it (slug--variant) when that is still a slug.
        String idSlug = req.variant() != null && RunIds.isSlug(req.slug() + "--" + req.variant())
                ? req.slug() + "--" + req.variant() : req.slug();
        RunRecord run = new RunRecord(RunRecord.SCHEMA_VERSION, RunIds.newRunId(idSlug, now),
                new WorkflowRef(wf.name(), wf.version(), req.slug(), normalise(req.artifactPath()), req.variant(),
                        req.buildModel() == null || req.buildModel().isBlank() ? null : req.buildModel()),
                depth, req.vars(), prompt, req.replayOf(), RunStatus.RUNNING, ts, null, gates,
                List.of(), List.of(), List.of(), List.of())
                .withEvent(ts, "RUN_STARTED", "Run started for " + wf.name() + "/" + req.slug()
                        + (req.variant() == null ? "" : " variant " + req.variant())
                        + (req.replayOf() == null ? "" : " (replay of " + req.replayOf() + ")"), null, null);
        store.create(run);
        return run;
    }

    private static void checkVarNames(Map<String, String> vars) {
        for (Map.Entry<String, String> e : vars == null ? Set.<Map.Entry<String, String>>of() : vars.entrySet()) {
            String control = e.getValue() == null ? null : dev.orun.schema.ControlCharacters.first(e.getValue(), true);
            if (control != null) {
                throw OrunException.usage("--var '" + dev.orun.schema.ControlCharacters.printable(e.getKey()) + "=…': the value "
                        + "contains the control character " + control + ": remove it");
            }
        }
        for (String name : vars == null ? Set.<String>of() : vars.keySet()) {
            if (!PathVariables.isName(name)) {
                throw OrunException.usage("--var '" + name + "=…': '" + name + "' cannot be used as {" + name
                        + "}: use a name of letters, digits, '_', '.' and '-' that starts with a letter or '_'");
            }
            if (PathVariables.BUILT_IN.contains(name)) {
                throw OrunException.usage("--var '" + name + "=…': {" + name + "} is built in: "
                        + (name.equals("artifact_path") || name.equals("slug") || name.equals("depth")
                        ? "use --" + name.replace('_', '-') + " instead" : "orun sets it; choose another name"));
            }
        }
    }

    /** Every contract of the workflow loads, has a threshold for the run's depth, and names only variables the run will have. */
    private void checkContracts(Workflow wf, StartRequest req, boolean agentsRunNow) {
        ContractLoader loader = new ContractLoader(store.paths(), workflows.schemas());
        String depth = req.depth() == null ? "standard" : req.depth();
        Set<String> vars = req.vars() == null ? Set.of() : req.vars().keySet();
        String source = store.paths().relative(wf.source());
        ContractsLoad contracts = ContractsLoad.all(loader, wf, source);
        for (int i = 0; i < wf.gates().size(); i++) {
            WorkflowGate g = wf.gates().get(i);
            GateContract c = contracts.get(i);
            List<String[]> templates = new ArrayList<>();
            for (OutputSpec o : c.outputs()) {
                templates.add(new String[]{o.pointer(), o.path()});
            }
            for (ValidationSpec v : c.validations()) {
                String noThreshold = Checks.missingThreshold(v, depth);
                if (noThreshold != null) {
                    throw OrunException.invalid(c.source() + " " + v.pointer() + "/thresholds: " + noThreshold
                            + " (the run's depth is " + depth + ")");
                }
                if (v.target() != null && !v.target().equals("all_required") && !v.target().equals("any_of")) {
                    templates.add(new String[]{v.pointer() + "/target", v.target()});
                }
                if (v.text("schema") != null) {
                    templates.add(new String[]{v.pointer() + "/schema", v.text("schema")});
                }
            }
            for (GateContract.PreScript s : c.preScripts()) {
                templates.add(new String[]{s.pointer() + "/path", s.path()});
                for (int j = 0; j < s.args().size(); j++) {
                    templates.add(new String[]{s.pointer() + "/args/" + j, s.args().get(j)});
                }
            }
            for (String[] t : templates) {
                List<String> unknown = PathVariables.unknownIn(t[1], vars);
                if (!unknown.isEmpty()) {
                    throw OrunException.invalid(c.source() + " " + t[0] + ": unknown variable {" + unknown.get(0) + "} in '"
                            + t[1] + "': fix the contract or pass --var " + unknown.get(0) + "=VALUE");
                }
                if (req.artifactPath() == null && t[1].contains("{artifact_path}")) {
                    throw OrunException.usage("missing --artifact-path: " + c.source() + " " + t[0] + " uses {artifact_path} ('"
                            + t[1] + "'): pass --artifact-path P" + ARTIFACT_PATH_CONFIG);
                }
            }
            for (GateContract.RequiredSkill skill : c.skills()) {
                for (int j = 0; j < skill.inject().size(); j++) {
                    String rel = withoutTrailingSlashes(skill.path()) + "/" + skill.inject().get(j);
                    String where = c.source() + " " + skill.pointer() + "/inject/" + j;
                    if (!Files.isRegularFile(store.paths().resolveInside(rel, where))) {
                        throw OrunException.invalid(where + ": skill file " + rel + " does not exist: add it or remove it from 'inject'");
                    }
                }
            }
            if (req.artifactPath() == null && anyContains(g.exec(), "{artifact_path}")) {
                throw OrunException.usage("missing --artifact-path: " + source + " /gates/" + i + "/exec uses {artifact_path}: pass --artifact-path P" + ARTIFACT_PATH_CONFIG);
            }
        }
    }

    /** The prompt file as the record keeps it: repository-relative (it must be inside the repository) and hashed. */
    public PromptRef promptRef(Path promptFile) {
        Path abs = promptFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw OrunException.notFound("--prompt-file " + promptFile + " does not exist: pass a file in the repository");
        }
        if (!abs.startsWith(store.paths().root())) {
            throw OrunException.invalid("--prompt-file " + promptFile + " is outside the repository " + store.paths().root()
                    + "; it escapes the repository and records keep only repository-relative paths: copy it into the repository");
        }
        if (!store.paths().checkInside(abs)) {
            throw OrunException.invalid("--prompt-file " + store.paths().relative(abs) + " is a symlink that escapes the repository: "
                    + "copy the prompt into the repository");
        }
        try {
            return new PromptRef(store.paths().relative(abs), Sha256.file(abs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + promptFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets a final status. Completing a final run again with the same status changes nothing; another is an error.
     * PASSED needs every blocking gate passed; the gates that have not are named.
     */
    public RunRecord complete(String runId, RunStatus status) {
        if (!status.isFinal()) {
            throw OrunException.usage("--status " + status + " is not final: use PASSED, FAILED or CANCELED");
        }
        return store.transact(runId, new RunStore.Step<RunRecord>() { // not a lambda: see RunStore.Step
            @Override
            public RunStore.Change<RunRecord> apply(RunRecord run) {
                return completeStep(run, runId, status);
            }
        }).run();
    }

    /**
     * The gates of {@code run} that are not PASS and whose contract is blocking (or cannot be read: then they count
     * as blocking), each as "G1 (FAIL)".
     */
    public List<String> blockingNotPassed(RunRecord run) {
        List<String> missing = new ArrayList<>();
        Workflow wf = null;
        try {
            wf = workflows.find(run.workflow().name());
        } catch (OrunException e) {
            // without its workflow every gate that has not passed counts
        }
        ContractLoader loader = new ContractLoader(store.paths(), workflows.schemas());
        for (GateState g : run.gates()) {
            if (g.status() == GateStatus.PASS) {
                continue;
            }
            boolean blocking = true;
            WorkflowGate wg = wf == null ? null : wf.gate(g.gate());
            if (wg != null) {
                try {
                    blocking = loader.load(wg.contract(), "workflow gate " + g.gate() + " /contract").blocking();
                } catch (OrunException e) {
                    // an unreadable contract cannot say the gate is optional
                }
            }
            if (blocking) {
                missing.add(g.gate() + " (" + g.status() + ")");
            }
        }
        return missing;
    }

    /**
     * Refuses a write to a final run: it is PASSED, FAILED or CANCELED for good unless reopened explicitly
     * ({@code gate start --reopen}). {@code what} says what was refused ("gate G1 cannot start").
     */
    public static void refuseFinal(RunRecord run, String what) {
        if (!run.status().isFinal()) {
            return;
        }
        String id = run.runId();
        throw OrunException.failed("run " + id + " is " + run.status() + " (finished " + run.finishedAt() + "); " + what
                + ": a final run takes no more writes. Start a new run with 'orun run replay --run " + id + "' or 'orun run start'"
                + (run.status() == RunStatus.PASSED ? "" : ", or reopen this one with 'orun gate start --reopen --run " + id + " --gate Gx'"));
    }

    /** What {@code invocation record} asks for. */
    public record InvocationRequest(String gate, String agent, InvocationStatus status, String model, String provider,
                                    long tokensPrompt, long tokensCompletion, Double costUsd, Long durationMs) {
    }

    public Invocation recordInvocation(String runId, InvocationRequest req) {
        Instant now = clock.instant();
        long duration = req.durationMs() == null ? 0 : req.durationMs();
        Invocation inv = new Invocation(RunIds.newInvocationId(now), req.gate(), req.agent(), req.status(),
                Times.iso(now.minusMillis(duration)), Times.iso(now), duration, req.model(), req.provider(),
                Tokens.of(req.tokensPrompt(), req.tokensCompletion()), req.costUsd(), null, null, null, null);
        store.update(runId, new java.util.function.UnaryOperator<RunRecord>() { // not a lambda: see RunStore.Step
            @Override
            public RunRecord apply(RunRecord run) {
                return withRecordedInvocation(run, runId, req, inv);
            }
        });
        return inv;
    }

    private static boolean anyContains(List<String> texts, String part) {
        for (String t : texts) {
            if (t.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String artifactPath) {
        if (artifactPath == null) {
            return null;
        }
        String p = artifactPath.replace('\\', '/');
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("./") ? p.substring(2) : p;
    }

    /** The change {@link #recordInvocation} makes: the invocation, and its id on the gate's running attempt. */
    private static RunRecord withRecordedInvocation(RunRecord run, String runId, InvocationRequest req, Invocation inv) {
        // An invocation is accounting (tokens, cost), not a verdict: it may be recorded after the run ended.
        if (req.gate() != null && run.gate(req.gate()) == null) {
            throw OrunException.notFound("gate " + req.gate() + " is not in run " + runId + " (gates: "
                    + run.gates().stream().map(GateState::gate).toList() + ")");
        }
        RunRecord next = run.withInvocation(inv);
        GateState gate = req.gate() == null ? null : next.gate(req.gate());
        if (gate != null && gate.lastAttempt() != null && gate.status() == GateStatus.RUNNING) {
            next = next.withGate(gate.withAttempt(gate.lastAttempt().withInvocation(inv.invocationId())));
        }
        return next.withEvent(inv.finishedAt(), "INVOCATION_RECORDED", "Invocation " + inv.invocationId() + " by "
                + inv.agent() + ": " + inv.status(), req.gate(),
                gate == null || gate.lastAttempt() == null ? null : gate.lastAttempt().attempt());
    }

    /** The step of {@link #complete}: the run final as {@code status}, a gate still running closed with it. */
    private RunStore.Change<RunRecord> completeStep(RunRecord run, String runId, RunStatus status) {
        if (run.status().isFinal()) {
            if (run.status() == status) {
                return RunStore.Change.none(run);
            }
            throw OrunException.failed("run " + runId + " is already " + run.status() + " (finished "
                    + run.finishedAt() + "); it cannot become " + status + ": start a new run instead");
        }
        if (status == RunStatus.PASSED) {
            List<String> missing = blockingNotPassed(run);
            if (!missing.isEmpty()) {
                throw OrunException.failed("run " + runId + " cannot be PASSED: blocking gate" + (missing.size() == 1 ? " " : "s ")
                        + String.join(", ", missing) + (missing.size() == 1 ? " has" : " have") + " not passed: pass "
                        + (missing.size() == 1 ? "it" : "them") + " with 'orun gate start' and 'orun gate finish', or record the run as "
                        + "--status FAILED or --status CANCELED");
            }
        }
        String ts = Times.iso(clock.instant());
        // A gate still running when the run ends is closed with it: a final run keeps no attempt RUNNING.
        Map<Path, byte[]> attemptFiles = new java.util.LinkedHashMap<>();
        RunRecord next = new GateService(store, workflows, workflows.schemas(), clock, Map.of())
                .closeRunningGates(run, "run completed as " + status + " while the attempt ran", ts, attemptFiles)
                .withStatus(status, ts).withEvent(ts, "RUN_COMPLETED", "Run completed as " + status, null, null);
        RunStore.Change<RunRecord> change = RunStore.Change.write(next, next);
        for (Map.Entry<Path, byte[]> f : attemptFiles.entrySet()) {
            change = change.withNewFile(f.getKey(), f.getValue());
        }
        return change;
    }
}
