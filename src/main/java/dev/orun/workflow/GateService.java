package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.gate.ContractLoader;
import dev.orun.gate.GateContract;
import dev.orun.gate.GateEvaluation;
import dev.orun.gate.GateEvaluator;
import dev.orun.gate.HashCache;
import dev.orun.gate.HashProgress;
import dev.orun.gate.OutputSpec;
import dev.orun.gate.PathVariables;
import dev.orun.gate.RepoFiles;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.schema.JsonText;
import dev.orun.schema.RecordTrees;
import dev.orun.schema.TreeReader;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starting, finishing and failing gates of a run. An attempt's file {@code record/gates/<Gx>/attempt-<n>.json}
 * is written once, when the attempt ends; RUN.json keeps the same object plus the file's SHA-256, the gate
 * status, the artifacts index and the events. A failed {@code blocking} gate fails the run.
 */
public final class GateService {
    public static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);

    private final RunStore store;
    private final WorkflowCatalog workflows;
    private final SchemaValidator schemas;
    private final Clock clock;
    private final Map<String, String> env;

    public GateService(RunStore store, WorkflowCatalog workflows, SchemaValidator schemas, Clock clock,
                       Map<String, String> env) {
        this.store = store;
        this.workflows = workflows;
        this.schemas = schemas;
        this.clock = clock;
        this.env = Map.copyOf(env);
    }

    /** What {@link #start} did: {@code started} is false when the gate was already running or passed. */
    public record StartResult(RunRecord run, Attempt attempt, boolean started, String note) {
    }

    /** What {@link #finish} and {@link #fail} did. {@code evaluation} is null for {@code fail}. */
    public record FinishResult(RunRecord run, GateContract contract, Attempt attempt, GateEvaluation evaluation,
                               String attemptFile) {
        public boolean passed() {
            return attempt.status() == GateStatus.PASS;
        }

        /** The verdict as the CLI's {@code --json} and {@code orun serve} print it. */
        public java.util.Map<String, Object> json(String runId, String gate) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("run_id", runId);
            doc.put("gate", gate);
            doc.put("status", attempt.status());
            doc.put("run_status", run.status());
            doc.put("attempt_file", attemptFile);
            doc.put("attempt", attempt);
            return doc;
        }
    }

    public StartResult start(String runId, String gateId, String agent, boolean force) {
        return start(runId, gateId, agent, force, null);
    }

    /**
     * As {@link #start(String, String, String, boolean)}; {@code abandonReason} says why a running attempt that a
     * forced start supersedes ended (default: a forced restart).
     */
    public StartResult start(String runId, String gateId, String agent, boolean force, String abandonReason) {
        return start(runId, gateId, agent, force, abandonReason, false);
    }

    /**
     * As {@link #start(String, String, String, boolean, String)}; {@code reopen} lets a FAILED or CANCELED run take the
     * new attempt, and the record says so (event RUN_REOPENED). Without it a final run is refused.
     */
    public StartResult start(String runId, String gateId, String agent, boolean force, String abandonReason, boolean reopen) {
        RunRecord before = store.readToChange(runId);
        WorkflowGate wg = workflowGate(before, gateId);
        GateContract contract = contract(wg, gateId);
        RunStore.Outcome<StartResult> done = store.transact(runId, new RunStore.Step<StartResult>() { // not a lambda: see RunStore.Step
            @Override
            public RunStore.Change<StartResult> apply(RunRecord read) {
                return startStep(read, runId, gateId, wg, contract, agent, force, abandonReason, reopen);
            }
        });
        return done.value();
    }

    /** Evaluates the running attempt's contract (outside the lock: hashing may take long), then records it. */
    public FinishResult finish(String runId, String gateId, HashProgress progress) {
        return finish(runId, gateId, progress, true);
    }

    /** As {@link #finish(String, String, HashProgress)}; with {@code mayFailRun} false a failure leaves the run open (a retry follows). */
    public FinishResult finish(String runId, String gateId, HashProgress progress, boolean mayFailRun) {
        RunRecord run = store.readToChange(runId);
        RunService.refuseFinal(run, "gate " + gateId + " cannot finish");
        WorkflowGate wg = workflowGate(run, gateId);
        GateState gate = gateState(run, gateId, wg);
        Attempt attempt = running(runId, gateId, gate);
        GateContract contract = contract(wg, gateId);
        OrunPaths paths = store.paths();
        PathVariables vars = variables(run).withClientComponent(paths.root());
        GateEvaluator evaluator = new GateEvaluator(new RepoFiles(paths.root()), schemas,
                new HashCache(paths.cacheDir().resolve("hashes.json"), Clock.systemUTC()), env, COMMAND_TIMEOUT);
        Path logs = paths.logsDir(runId).resolve("gates").resolve(gateId).resolve("attempt-" + attempt.attempt());
        // The seed's pre_scripts make files the checks then judge; a failing one is a warning in the attempt.
        List<PreScripts.Outcome> scripts = new PreScripts(paths.root(), env, PreScripts.TIMEOUT).run(contract, vars, logs);
        vars = variables(run).withClientComponent(paths.root());
        GateEvaluation eval = withScripts(evaluator.evaluate(contract, vars, run.depth() == null ? "standard" : run.depth(), logs,
                progress), scripts);
        OutputStats hashed = OutputStats.of(paths.root(), eval.artifacts());

        GateEvaluation evaluated = eval;
        return store.transact(runId, new RunStore.Step<FinishResult>() { // not a lambda: see RunStore.Step
            @Override
            public RunStore.Change<FinishResult> apply(RunRecord now) {
                return finishStep(now, runId, gateId, attempt, contract, mayFailRun, evaluated, paths, hashed);
            }
        }).value();
    }

    /** The step of {@link #finish}: the attempt closed with its verdict, under the run's lock. */
    private RunStore.Change<FinishResult> finishStep(RunRecord now, String runId, String gateId, Attempt attempt, GateContract contract,
                                                     boolean mayFailRun, GateEvaluation eval, OrunPaths paths, OutputStats hashed) {
        RunService.refuseFinal(now, "gate " + gateId + " cannot finish");
        GateState current = now.gate(gateId);
        Attempt still = current == null ? null : current.lastAttempt();
        if (still == null || still.attempt() != attempt.attempt() || current.status() != GateStatus.RUNNING) {
            throw OrunException.failed("gate " + gateId + " attempt " + attempt.attempt() + " of run " + runId
                    + " changed while it was checked (now " + (current == null ? "missing" : current.status())
                    + "): nothing recorded; run 'orun gate finish' again");
        }
        String ts = Times.iso(clock.instant());
        if (Files.exists(attemptFile(runId, gateId, still.attempt()))) {
            return adoptOrphan(runId, gateId, now, current, contract, ts, mayFailRun);
        }
        // Scrubbed before it is sealed: the attempt file and its copy in RUN.json must stay equal.
        Attempt done = scrubbed(still.finished(eval.status(), ts, eval.artifacts(), eval.validations(), eval.failureReason()));
        byte[] bytes = attemptBytes(done);
        done = done.withFileSha256(Sha256.hex(bytes));
        List<IndexedArtifact> indexed = new ArrayList<>();
        for (var a : eval.artifacts()) {
            indexed.add(new IndexedArtifact(a.path(), a.resolvedPath(), a.sha256(), a.bytes(), gateId, done.attempt(), ts));
        }
        RunRecord next = now.withGate(current.withAttempt(done)).withArtifacts(indexed);
        next = eval.passed()
                ? next.withEvent(ts, "GATE_PASSED", "Gate " + gateId + " passed on attempt " + done.attempt(), gateId, done.attempt())
                : next.withEvent(ts, "GATE_FAILED", "Gate " + gateId + " failed on attempt " + done.attempt() + ": "
                + brief(eval.failureReason()), gateId, done.attempt());
        next = mayFailRun ? failRunIfBlocking(next, contract, gateId, done, ts) : next;
        Path file = attemptFile(runId, gateId, done.attempt());
        return RunStore.Change.write(next, new FinishResult(next, contract, done, eval, paths.relative(file)))
                .withNewFile(file, bytes)
                .withGuard(new RunStore.Guard() { // not a lambda: see RunStore.Step
                    @Override
                    public void check() {
                        hashed.refuseChanged(paths, "gate " + gateId, "orun gate finish --run " + runId + " --gate " + gateId);
                    }
                });
    }

    /**
     * An earlier finish wrote the attempt file and was killed before RUN.json: the file is the truth (it was
     * written first, once). RUN.json takes it, with its index entries and its event, instead of a second verdict.
     */
    private RunStore.Change<FinishResult> adoptOrphan(String runId, String gateId, RunRecord now, GateState current, GateContract contract,
                                     String ts, boolean mayFailRun) {
        Attempt done = closeAbandoned(runId, gateId, current.lastAttempt(), new java.util.HashMap<>());
        List<IndexedArtifact> indexed = new ArrayList<>();
        String at = done.finishedAt() != null ? done.finishedAt() : ts;
        for (var a : done.artifacts()) {
            indexed.add(new IndexedArtifact(a.path(), a.resolvedPath(), a.sha256(), a.bytes(), gateId, done.attempt(), at));
        }
        String note = " (recovered from " + store.paths().relative(attemptFile(runId, gateId, done.attempt()))
                + ", written by a finish that was interrupted before RUN.json)";
        RunRecord next = now.withGate(current.withAttempt(done)).withArtifacts(indexed);
        next = done.status() == GateStatus.PASS
                ? next.withEvent(ts, "GATE_PASSED", "Gate " + gateId + " passed on attempt " + done.attempt() + note, gateId, done.attempt())
                : next.withEvent(ts, "GATE_FAILED", "Gate " + gateId + " failed on attempt " + done.attempt() + ": "
                + brief(done.failureReason()) + note, gateId, done.attempt());
        next = mayFailRun ? failRunIfBlocking(next, contract, gateId, done, ts) : next;
        GateEvaluation eval = new GateEvaluation(done.requiredOutputs(), done.artifacts(), done.validations(), done.status(),
                done.failureReason(), 0);
        return RunStore.Change.write(next, new FinishResult(next, contract, done, eval,
                store.paths().relative(attemptFile(runId, gateId, done.attempt()))));
    }

    private static GateEvaluation withScripts(GateEvaluation eval, List<PreScripts.Outcome> scripts) {
        if (scripts.isEmpty()) {
            return eval;
        }
        List<dev.orun.run.ValidationResult> all = new ArrayList<>();
        scripts.forEach(o -> all.add(o.result()));
        all.addAll(eval.validations());
        return new GateEvaluation(eval.requiredOutputs(), eval.artifacts(), all, eval.status(), eval.failureReason(), eval.cachedFiles());
    }

    /** Marks the gate failed by a person's or agent's word; a gate not yet started gets attempt 1 for it. */
    public FinishResult fail(String runId, String gateId, String reason) {
        return fail(runId, gateId, reason, true);
    }

    /** As {@link #fail(String, String, String)}; with {@code mayFailRun} false the run stays open (a retry follows). */
    public FinishResult fail(String runId, String gateId, String reason, boolean mayFailRun) {
        if (reason == null || reason.isBlank()) {
            throw OrunException.usage("--reason is empty: say why the gate failed");
        }
        RunRecord first = store.readToChange(runId);
        WorkflowGate wg = workflowGate(first, gateId);
        GateContract contract = contract(wg, gateId);
        return store.transact(runId, new RunStore.Step<FinishResult>() { // a class, not a lambda: see RunStore.Step
            @Override
            public RunStore.Change<FinishResult> apply(RunRecord run) {
                return failStep(run, runId, gateId, wg, contract, reason, mayFailRun);
            }
        }).value();
    }

    /** The variables a run's contracts may use. */
    public static PathVariables variables(RunRecord run) {
        return PathVariables.of(run.workflow().slug(), run.workflow().artifactPath(), run.runId(), run.workflow().name(),
                run.depth() == null ? "standard" : run.depth(), run.vars());
    }

    /** The gate's contract, from the run's workflow. */
    public GateContract contract(WorkflowGate wg, String gateId) {
        return new ContractLoader(store.paths(), schemas).load(wg.contract(),
                "workflow gate " + gateId + " /contract");
    }

    public WorkflowGate workflowGate(RunRecord run, String gateId) {
        Workflow wf = workflows.find(run.workflow().name());
        WorkflowGate wg = wf.gate(gateId);
        if (wg == null) {
            throw OrunException.notFound("gate " + gateId + " is not in workflow " + wf.name() + " ("
                    + store.paths().relative(wf.source()) + "; gates: " + wf.gates().stream().map(WorkflowGate::gate).toList()
                    + "): pass one of those to --gate");
        }
        return wg;
    }

    private GateState gateState(RunRecord run, String gateId, WorkflowGate wg) {
        GateState gate = run.gate(gateId);
        return gate != null ? gate : new GateState(gateId, wg.name(), GateStatus.NOT_STARTED, List.of());
    }

    private static Attempt running(String runId, String gateId, GateState gate) {
        if (gate.status() != GateStatus.RUNNING || gate.lastAttempt() == null) {
            throw OrunException.failed("gate " + gateId + " of run " + runId + " is " + gate.status()
                    + ", not running: start it first with 'orun gate start --run " + runId + " --gate " + gateId + "'");
        }
        return gate.lastAttempt();
    }

    private RunRecord failRunIfBlocking(RunRecord run, GateContract contract, String gateId, Attempt done, String ts) {
        if (done.status() != GateStatus.FAIL || !contract.blocking() || run.status().isFinal()) {
            return run;
        }
        return run.withStatus(RunStatus.FAILED, ts)
                .withEvent(ts, "RUN_COMPLETED", "Run completed as FAILED: blocking gate " + gateId + " failed on attempt "
                        + done.attempt(), gateId, done.attempt());
    }

    public Path attemptFile(String runId, String gateId, int n) {
        return store.paths().recordDir(runId).resolve("gates").resolve(gateId).resolve("attempt-" + n + ".json");
    }

    /**
     * Closes an attempt that a forced restart supersedes. When its file is already there (an earlier finish died
     * between writing it and RUN.json), that file is the truth: it is kept and RUN.json takes its content.
     */
    /**
     * {@code run} with the attempt of each RUNNING gate closed as FAIL at {@code ts} for {@code reason} (event
     * GATE_FAILED), its attempt file put in {@code toWrite}: a run that becomes final keeps no gate RUNNING.
     */
    RunRecord closeRunningGates(RunRecord run, String reason, String ts, Map<Path, byte[]> toWrite) {
        RunRecord next = run;
        for (GateState gate : run.gates()) {
            Attempt last = gate.lastAttempt();
            if (gate.status() != GateStatus.RUNNING || last == null || last.status() != GateStatus.RUNNING) {
                continue;
            }
            Attempt closed = closeAbandoned(run.runId(), gate.gate(), last.finished(GateStatus.FAIL, ts, List.of(), List.of(), reason), toWrite);
            next = next.withGate(gate.withAttempt(closed)).withEvent(ts, "GATE_FAILED", "Gate " + gate.gate() + " attempt "
                    + last.attempt() + " closed: " + reason, gate.gate(), last.attempt());
        }
        return next;
    }

    private Attempt closeAbandoned(String runId, String gateId, Attempt abandoned, Map<Path, byte[]> toWrite) {
        Path file = attemptFile(runId, gateId, abandoned.attempt());
        try {
            if (Files.exists(file)) {
                byte[] existing = Files.readAllBytes(file);
                return readAttempt(existing).withFileSha256(Sha256.hex(existing));
            }
        } catch (IOException | RuntimeException e) {
            String why = e instanceof tools.jackson.core.JacksonException je ? dev.orun.schema.SyntaxProblem.ofJson(je).sentence()
                    .substring(2) : e.getMessage();
            throw OrunException.invalid(store.paths().relative(file) + " cannot be read as an attempt ("
                    + String.valueOf(why).lines().findFirst().orElse("") + "): restore it with 'git checkout -- "
                    + store.paths().relative(file) + "', or delete it if it was never committed (RUN.json records attempt "
                    + abandoned.attempt() + " as still running)");
        }
        Attempt sealed = scrubbed(abandoned);
        byte[] bytes = attemptBytes(sealed);
        toWrite.put(file, bytes); // written once, in the same transaction as RUN.json
        return sealed.withFileSha256(Sha256.hex(bytes));
    }

    /**
     * The contract's output paths as the attempt records them. An absolute path is machine-specific and never
     * committed: it is recorded as "(absolute path)", and the output fails as one that escapes the repository.
     */
    static List<String> recordedOutputs(GateContract contract) {
        List<String> out = new ArrayList<>(); // a loop, no regex: gate start and fail run neither (docs/performance.md)
        for (OutputSpec o : contract.outputs()) {
            String p = o.path().replace('\\', '/');
            out.add(p.startsWith("/") || RepoFiles.driveLetterPath(p) ? "(absolute path)" : o.path());
        }
        return List.copyOf(out);
    }


    /** The attempt with every known secret masked (as RUN.json's copy will be, so that both stay byte for byte alike). */
    /**
     * The attempt as RUN.json will hold it: its text fields scrubbed of personal data and secrets
     * ({@link RunStore#scrubAttempt}), and every string of it of the secrets — a key in a reason or a message never
     * reaches the attempt file, and the file and its copy in RUN.json stay equal.
     */
    private Attempt scrubbed(Attempt attempt) {
        Attempt a = store.scrubAttempt(attempt);
        if (store.secrets().isEmpty()) {
            return a;
        }
        tools.jackson.databind.JsonNode raw = RecordTrees.toTree(a);
        return store.secrets().scrubTree(raw) ? RecordTrees.fromTree(raw, Attempt.class) : a;
    }

    /** The attempt file's bytes: the attempt without its own hash. */
    static byte[] attemptBytes(Attempt attempt) {
        return JsonText.prettyBytes(RecordTrees.toTree(attempt.withFileSha256(null)));
    }

    /**
     * An attempt file as written: read without a mapper; bytes that do not read so (a hand edit) go to the strict
     * mapper, which names what is wrong (or, should it read them after all, gives the attempt).
     */
    private static Attempt readAttempt(byte[] bytes) {
        try {
            return RecordTrees.fromTree(TreeReader.read(bytes), Attempt.class);
        } catch (IllegalArgumentException unread) {
            return Json.STRICT.readValue(bytes, Attempt.class);
        }
    }

    private static String brief(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 297) + "…" : s;
    }

    /** The step of {@link #fail}: the running attempt closed FAIL with {@code reason} (a class calls it: see RunStore.Step). */
    private RunStore.Change<FinishResult> failStep(RunRecord run, String runId, String gateId, WorkflowGate wg, GateContract contract,
                                                   String reason, boolean mayFailRun) {
        RunService.refuseFinal(run, "gate " + gateId + " cannot fail");
        GateState gate = gateState(run, gateId, wg);
        String ts = Times.iso(clock.instant());
        Attempt attempt = gate.lastAttempt();
        if (gate.status() != GateStatus.RUNNING) {
            if (gate.status() != GateStatus.NOT_STARTED) {
                throw OrunException.failed("gate " + gateId + " of run " + runId + " is " + gate.status()
                        + ", not running: start a new attempt with 'orun gate start --run " + runId + " --gate " + gateId + "' first");
            }
            attempt = Attempt.started(1, ts, wg.agent(), null, recordedOutputs(contract));
        }
        Path file = attemptFile(runId, gateId, attempt.attempt());
        if (Files.exists(file)) {
            throw OrunException.invalid(store.paths().relative(file) + " already exists but RUN.json says attempt "
                    + attempt.attempt() + " is still running (an earlier command was interrupted): start attempt "
                    + (attempt.attempt() + 1) + " with 'orun gate start --force --run " + runId + " --gate " + gateId + "'");
        }
        Attempt done = scrubbed(attempt.finished(GateStatus.FAIL, ts, List.of(), List.of(), reason.strip()));
        byte[] bytes = attemptBytes(done);
        done = done.withFileSha256(Sha256.hex(bytes));
        RunRecord next = run.withGate(gate.withAttempt(done))
                .withEvent(ts, "GATE_FAILED", "Gate " + gateId + " failed on attempt " + done.attempt() + ": " + brief(reason.strip()),
                        gateId, done.attempt());
        next = mayFailRun ? failRunIfBlocking(next, contract, gateId, done, ts) : next;
        return RunStore.Change.write(next, new FinishResult(next, contract, done, null, store.paths().relative(file)))
                .withNewFile(file, bytes);
    }

    /** The step of {@link #start}: a new attempt of {@code gateId} (a class calls it: see RunStore.Step). */
    private RunStore.Change<StartResult> startStep(RunRecord read, String runId, String gateId, WorkflowGate wg, GateContract contract,
                                                   String agent, boolean force, String abandonReason, boolean reopen) {
        RunRecord run = read;
        GateState gate = gateState(run, gateId, wg);
        Attempt last = gate.lastAttempt();
        if (!force && (gate.status() == GateStatus.RUNNING || gate.status() == GateStatus.PASS)) {
            String note = "gate " + gateId + " is already " + gate.status() + (last == null ? "" : " (attempt " + last.attempt() + ")")
                    + "; nothing changed: pass --force to start attempt " + (last == null ? 1 : last.attempt() + 1);
            return RunStore.Change.none(new StartResult(run, last, false, note));
        }
        String ts = Times.iso(clock.instant());
        if (reopen && (run.status() == RunStatus.FAILED || run.status() == RunStatus.CANCELED)) {
            run = run.withStatus(RunStatus.RUNNING, null).withEvent(ts, "RUN_REOPENED", "Run reopened by hand (was "
                    + run.status() + ", finished " + run.finishedAt() + ") for a new attempt at gate " + gateId, gateId, null);
        }
        RunService.refuseFinal(run, "gate " + gateId + " cannot start");
        if (run.status() == RunStatus.INTERRUPTED) { // its driver died; a person or CI step goes on by hand
            run = run.withStatus(RunStatus.RUNNING, null).withEvent(ts, "RUN_RESUMED", "Run resumed by gate start of "
                    + gateId + " (was INTERRUPTED)", gateId, null);
        }
        Map<Path, byte[]> abandonedFile = new java.util.LinkedHashMap<>();
        if (gate.status() == GateStatus.RUNNING && last != null) {
            Attempt abandoned = last.finished(GateStatus.FAIL, ts, List.of(), List.of(), abandonReason != null
                    ? abandonReason : "superseded by attempt " + (last.attempt() + 1) + " (gate start --force)");
            gate = gate.withAttempt(closeAbandoned(runId, gateId, abandoned, abandonedFile));
            run = run.withGate(gate).withEvent(ts, "GATE_FAILED", "Gate " + gateId + " attempt " + last.attempt()
                    + " abandoned: " + (abandonReason != null ? brief(abandonReason) : "superseded by a forced restart"),
                    gateId, last.attempt());
        }
        int n = last == null ? 1 : last.attempt() + 1;
        String who = agent != null ? agent : wg.agent();
        Attempt attempt = Attempt.started(n, ts, who, null, recordedOutputs(contract));
        run = run.withGate(gate.withAttempt(attempt)).withStatus(run.status() == RunStatus.QUEUED ? RunStatus.RUNNING : run.status(), run.finishedAt())
                .withEvent(ts, "GATE_STARTED", "Gate " + gateId + " attempt " + n + " started"
                        + (who == null ? "" : " with agent " + who), gateId, n);
        RunStore.Change<StartResult> change = RunStore.Change.write(run, new StartResult(run, attempt, true, null));
        for (Map.Entry<Path, byte[]> f : abandonedFile.entrySet()) {
            change = change.withNewFile(f.getKey(), f.getValue());
        }
        return change;
    }
}
