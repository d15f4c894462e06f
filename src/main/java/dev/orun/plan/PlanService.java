package dev.orun.plan;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.llm.Providers;
import dev.orun.llm.StructuredModel;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.RunRecord;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * PRD → ArchitecturePack, section by section (DESIGN 7): the plan commands' one entry point, which drives the
 * sections ({@link SectionLoop}) on a plan run ({@link PlanRuns}) and writes the assembled pack. A plan run is a
 * run of the built-in {@code plan} workflow (it has no workflow file: it works in any repository, even one
 * initialised before plans existed); nothing is written to {@code record/artifacts/} unless the whole pack validates.
 */
public final class PlanService {
    /** A PRD file's text, read for {@code orun plan --prd FILE}; {@code shown} is how the file is named in an error. */
    public static String readPrd(Path file, String shown) {
        return PlanRuns.readPrd(file, shown);
    }

    public static final String WORKFLOW = PlanRuns.WORKFLOW;
    public static final String WORKFLOW_VERSION = PlanRuns.WORKFLOW_VERSION;
    public static final int MAX_ANSWERS = SectionLoop.MAX_ANSWERS;

    private final RunStore store;
    private final Providers providers;
    private final Map<String, String> env;
    private final Clock clock;
    private final String toolVersion;
    private final PlanRuns runs;
    private final SectionLoop sections;
    private final PackImporter packs;
    private final PackArtifacts artifacts;

    public PlanService(RunStore store, SchemaValidator schemas, Providers providers, Map<String, String> env, Clock clock,
                       String toolVersion) {
        this.store = store;
        this.providers = providers;
        this.env = env;
        this.clock = clock;
        this.toolVersion = toolVersion;
        this.runs = new PlanRuns(store, clock);
        this.sections = new SectionLoop(store, schemas, env, clock);
        this.packs = new PackImporter(schemas);
        this.artifacts = new PackArtifacts(store);
    }

    /** How a plan ended: PASSED with its artifacts and warnings, or paused for a person (manual provider). */
    public record Outcome(RunRecord run, boolean paused, String message, List<Violation> warnings,
                          List<IndexedArtifact> artifacts) {
    }

    /** {@code orun plan --prd}: a new plan run for a PRD ({@code source} names it, for the slug). */
    public Outcome planPrd(String prd, String source, String slug, String provider, String model) {
        String chosen = provider == null ? providers.defaultName() : provider;
        String modelName = check(chosen, model);
        RunRecord run = runs.create(prd, slug == null ? PlanRuns.slugFrom(source) : slug, chosen, modelName, null);
        return generate(run.runId(), prd, chosen, modelName);
    }

    /**
     * A plan run for a PRD, made and left for {@code orun plan --run ID} to plan (what {@code orun serve}'s
     * {@code POST /runs} with a PRD does: the seed's runs are created first and planned by a dispatched workflow).
     */
    public RunRecord open(String prd, String slug) {
        return runs.create(prd, slug, providers.defaultName(), null, null);
    }

    /**
     * {@code orun plan --run ID}: plan the PRD a run holds. A plan run that is not final carries on in place;
     * otherwise a new plan run is made with that PRD.
     */
    public Outcome planRun(String typedId, String provider, String model) {
        String runId = store.resolveId(typedId);
        RunRecord run = store.read(runId);
        String prd = runs.prdOf(run);
        String chosen = provider == null ? providers.defaultName() : provider;
        String modelName = check(chosen, model);
        if (PlanRuns.isPlan(run) && !run.status().isFinal()) {
            runs.resume(runId, chosen, modelName);
            return generate(runId, prd, chosen, modelName);
        }
        RunRecord fresh = runs.create(prd, run.workflow().slug(), chosen, modelName, PlanRuns.isPlan(run) ? runId : null);
        return generate(fresh.runId(), prd, chosen, modelName);
    }

    /** {@code orun plan resume}: carry on a paused plan with the provider it was started with. */
    public Outcome resume(String typedId) {
        String runId = store.resolveId(typedId);
        RunRecord run = store.read(runId);
        if (!PlanRuns.isPlan(run)) {
            throw OrunException.usage("run " + runId + " is a run of '" + run.workflow().name() + "', not a plan: "
                    + "plan its PRD with 'orun plan --run " + runId + "'");
        }
        if (run.status().isFinal()) {
            throw OrunException.failed("run " + runId + " is already " + run.status() + ": start again with 'orun plan --run "
                    + runId + "'");
        }
        String provider = run.vars().getOrDefault("provider", "manual");
        String model = check(provider, run.vars().get("model"));
        runs.resume(runId);
        return generate(runId, runs.prdOf(run), provider, model);
    }

    /** {@code orun plan import}: validate a pack made elsewhere and attach it to a run. */
    public Outcome importPack(String typedId, Path file, String shownName) {
        String runId = store.resolveId(typedId);
        store.read(runId);
        PackImporter.Checked pack = packs.read(file, shownName);
        RunRecord after = artifacts.write(runId, pack.pack(), pack.warnings(), clock.instant(), r -> r);
        return new Outcome(after, false, null, pack.warnings(), artifacts.written(after));
    }

    private Outcome generate(String runId, String prd, String provider, String modelName) {
        Path logs = planLogs(runId);
        StructuredModel model = providers.create(provider, modelName, logs, store.paths(), runId);
        try {
            ObjectNode sofar = Json.STRICT.createObjectNode();
            for (PlanSection section : PlanSection.values()) {
                JsonNode answer = sections.ask(runId, logs, section, sofar, prd, model);
                answer.properties().forEach(e -> sofar.set(e.getKey(), e.getValue()));
            }
            Instant end = clock.instant();
            PackImporter.Checked pack = packs.checkAssembled(PackAssembler.assemble(runId, Times.iso(end), toolVersion, prd, sofar));
            RunRecord after = artifacts.write(runId, pack.pack(), pack.warnings(), end, r -> PlanRuns.passed(r, end));
            return new Outcome(after, false, null, pack.warnings(), artifacts.written(after));
        } catch (OrunException e) {
            if (e.exit() == Exit.PAUSED) {
                return new Outcome(runs.paused(runId, e.getMessage()), true, e.getMessage(), List.of(), List.of());
            }
            runs.failed(runId, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            runs.interrupted(runId, e);
            throw e;
        }
    }

    /** Everything about the provider and the budgets that can be wrong, said before any run or request. */
    private String check(String provider, String model) {
        String modelName = providers.check(provider, model);
        for (PlanSection section : PlanSection.values()) {
            section.budget(env);
        }
        return modelName;
    }

    public Path planLogs(String runId) {
        return store.paths().logsDir(runId).resolve("plan");
    }
}
