package dev.orun.plan;

import dev.orun.error.OrunException;
import dev.orun.run.PromptRef;
import dev.orun.run.RunIds;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.run.WorkflowRef;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The life of a plan run in the store: made with its PRD in {@code record/inputs/prd.md}, resumed, and ended as
 * PASSED, PAUSED (for a person), FAILED (a verdict) or INTERRUPTED (an accident, which resume carries on).
 */
final class PlanRuns {
    static final String WORKFLOW = "plan";
    static final String WORKFLOW_VERSION = "1";

    private final RunStore store;
    private final Clock clock;

    PlanRuns(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static boolean isPlan(RunRecord run) {
        return WORKFLOW.equals(run.workflow().name());
    }

    /** A new RUNNING plan run holding {@code prd}; {@code replayOf} names the plan run it plans again, if any. */
    RunRecord create(String prd, String slug, String provider, String model, String replayOf) {
        if (prd.isBlank()) {
            throw OrunException.invalid("the PRD is empty: write the product requirements in the file and run again");
        }
        RunIds.checkSlug(slug);
        Instant now = clock.instant();
        String ts = Times.iso(now);
        String runId = RunIds.newRunId(slug, now);
        Path prdFile = prdFile(runId);
        byte[] bytes = prd.getBytes(StandardCharsets.UTF_8);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("provider", provider);
        if (model != null) {
            vars.put("model", model);
        }
        RunRecord run = new RunRecord(RunRecord.SCHEMA_VERSION, runId, new WorkflowRef(WORKFLOW, WORKFLOW_VERSION, slug, null),
                "standard", vars, new PromptRef(store.paths().relative(prdFile), Sha256.hex(bytes)), replayOf,
                RunStatus.RUNNING, ts, null, List.of(), List.of(), List.of(), List.of(), List.of())
                .withEvent(ts, "RUN_STARTED", "Plan started with provider " + provider + (model == null ? "" : " (" + model + ")")
                        + (replayOf == null ? "" : " (again for " + replayOf + ")"), null, null);
        store.create(run);
        AtomicFiles.write(prdFile, bytes);
        return run;
    }

    /** The run RUNNING again, with the provider and model it now uses. */
    void resume(String runId, String provider, String model) {
        store.update(runId, r -> running(withSettings(r, provider, model)));
    }

    /** The run RUNNING again, with its own settings. */
    void resume(String runId) {
        store.update(runId, this::running);
    }

    RunRecord paused(String runId, String message) {
        return store.update(runId, r -> r.status() == RunStatus.PAUSED ? r
                : r.withStatus(RunStatus.PAUSED, null).withEvent(now(), "RUN_PAUSED", message, null, null));
    }

    void failed(String runId, String message) {
        String ts = now();
        store.update(runId, r -> r.withStatus(RunStatus.FAILED, ts)
                .withEvent(ts, "RUN_COMPLETED", "Plan completed as FAILED: " + message, null, null));
    }

    /** Not a verdict but an accident (a disk error, a bug): never leave the run RUNNING; resume carries on. */
    void interrupted(String runId, RuntimeException cause) {
        String ts = now();
        String reason = "Plan stopped by an error (" + cause.getClass().getSimpleName() + "); carry on with 'orun plan resume --run "
                + runId + "'";
        try {
            store.update(runId, r -> r.status().isFinal() ? r : r.withStatus(RunStatus.INTERRUPTED, null)
                    .withEvent(ts, "RUN_INTERRUPTED", reason, null, null));
        } catch (RuntimeException recording) {
            cause.addSuppressed(recording);
        }
    }

    /** The update that ends the run as PASSED, for the locked write of its artifacts. */
    static RunRecord passed(RunRecord r, Instant end) {
        return r.withStatus(RunStatus.PASSED, Times.iso(end))
                .withEvent(Times.iso(end), "RUN_COMPLETED", "Plan completed as PASSED", null, null);
    }

    /** The PRD a run holds: {@code record/inputs/prd.md}, else the file its {@code prompt} names. */
    String prdOf(RunRecord run) {
        Path kept = prdFile(run.runId());
        Path file = Files.isRegularFile(kept) ? kept
                : run.prompt() == null ? null : store.paths().resolveInside(run.prompt().file(), "RUN.json /prompt/file");
        if (file == null || !Files.isRegularFile(file)) {
            throw OrunException.notFound("run " + run.runId() + " holds no PRD (no record/inputs/prd.md"
                    + (run.prompt() == null ? " and no /prompt" : ", and its /prompt/file " + run.prompt().file() + " is missing")
                    + "): start a plan with 'orun plan --prd FILE'");
        }
        return readPrd(file, store.paths().relative(file));
    }

    /** A PRD file's text; {@code shown} is how the file is named in an error. */
    static String readPrd(Path file, String shown) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw OrunException.notFound(shown + " does not exist: pass the path of a PRD file (or '-' for stdin)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    /** A slug from a PRD's file name ({@code plan} when there is none to take). */
    static String slugFrom(String source) {
        String base = source == null ? "plan" : Path.of(source).getFileName().toString();
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String slug = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty() || slug.equals("-")) {
            slug = "plan";
        }
        return slug.length() > 64 ? slug.substring(0, 64).replaceAll("-+$", "") : slug;
    }

    private Path prdFile(String runId) {
        return store.paths().recordDir(runId).resolve("inputs").resolve("prd.md");
    }

    private RunRecord running(RunRecord r) {
        return r.status() == RunStatus.RUNNING ? r
                : r.withStatus(RunStatus.RUNNING, null).withEvent(now(), "RUN_RESUMED", "Plan resumed", null, null);
    }

    private static RunRecord withSettings(RunRecord r, String provider, String model) {
        Map<String, String> vars = new LinkedHashMap<>(r.vars());
        vars.put("provider", provider);
        if (model == null) {
            vars.remove("model");
        } else {
            vars.put("model", model);
        }
        if (vars.equals(r.vars())) {
            return r;
        }
        return new RunRecord(r.schemaVersion(), r.runId(), r.workflow(), r.depth(), vars, r.prompt(), r.replayOf(), r.status(),
                r.startedAt(), r.finishedAt(), r.gates(), r.invocations(), r.artifactsIndex(), r.validations(), r.events());
    }

    private String now() {
        return Times.iso(clock.instant());
    }
}
