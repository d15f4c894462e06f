package dev.orun.plan;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.llm.Providers;
import dev.orun.llm.StructuredAnswer;
import dev.orun.llm.StructuredModel;
import dev.orun.llm.StructuredRequest;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.PromptRef;
import dev.orun.run.RunIds;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.run.WorkflowRef;
import dev.orun.scrub.PiiScrubber;
import dev.orun.scrub.ScrubSettings;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunStore;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PRD → ArchitecturePack, section by section (DESIGN 7). A plan run is a run of the built-in {@code plan} workflow,
 * made here through the store (it has no workflow file: it works in any repository, even one initialised before
 * plans existed). The PRD is kept in {@code record/inputs/prd.md}; every model call is an invocation; nothing is
 * written to {@code record/artifacts/} unless the whole pack validates.
 */
public final class PlanService {
    public static final String WORKFLOW = "plan";
    public static final String WORKFLOW_VERSION = "1";
    public static final int MAX_ANSWERS = 3; // the first answer and at most two repairs
    static final String PACK_VERSION = "0.1";

    private final RunStore store;
    private final SchemaValidator schemas;
    private final Providers providers;
    private final Map<String, String> env;
    private final Clock clock;
    private final String toolVersion;
    private final PackSchema packSchema = new PackSchema();
    private final PackArtifacts artifacts;

    public PlanService(RunStore store, SchemaValidator schemas, Providers providers, Map<String, String> env, Clock clock,
                       String toolVersion) {
        this.store = store;
        this.schemas = schemas;
        this.providers = providers;
        this.env = env;
        this.clock = clock;
        this.toolVersion = toolVersion;
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
        RunRecord run = newRun(prd, slug == null ? slugFrom(source) : slug, chosen, modelName, null);
        return generate(run.runId(), prd, chosen, modelName);
    }

    /**
     * A plan run for a PRD, made and left for {@code orun plan --run ID} to plan (what {@code orun serve}'s
     * {@code POST /runs} with a PRD does: the seed's runs are created first and planned by a dispatched workflow).
     */
    public RunRecord open(String prd, String slug) {
        return newRun(prd, slug, providers.defaultName(), null, null);
    }

    /**
     * {@code orun plan --run ID}: plan the PRD a run holds. A plan run that is not final carries on in place;
     * otherwise a new plan run is made with that PRD.
     */
    public Outcome planRun(String typedId, String provider, String model) {
        String runId = store.resolveId(typedId);
        RunRecord run = store.read(runId);
        String prd = prdOf(run);
        String chosen = provider == null ? providers.defaultName() : provider;
        String modelName = check(chosen, model);
        if (WORKFLOW.equals(run.workflow().name()) && !run.status().isFinal()) {
            store.update(runId, r -> running(withSettings(r, chosen, modelName)));
            return generate(runId, prd, chosen, modelName);
        }
        RunRecord fresh = newRun(prd, run.workflow().slug(), chosen, modelName,
                WORKFLOW.equals(run.workflow().name()) ? runId : null);
        return generate(fresh.runId(), prd, chosen, modelName);
    }

    /** {@code orun plan resume}: carry on a paused plan with the provider it was started with. */
    public Outcome resume(String typedId) {
        String runId = store.resolveId(typedId);
        RunRecord run = store.read(runId);
        if (!WORKFLOW.equals(run.workflow().name())) {
            throw OrunException.usage("run " + runId + " is a run of '" + run.workflow().name() + "', not a plan: "
                    + "plan its PRD with 'orun plan --run " + runId + "'");
        }
        if (run.status().isFinal()) {
            throw OrunException.failed("run " + runId + " is already " + run.status() + ": start again with 'orun plan --run "
                    + runId + "'");
        }
        String provider = run.vars().getOrDefault("provider", "manual");
        String model = check(provider, run.vars().get("model"));
        store.update(runId, this::running);
        return generate(runId, prdOf(run), provider, model);
    }

    /** {@code orun plan import}: validate a pack made elsewhere and attach it to a run. */
    public Outcome importPack(String typedId, Path file, String shownName) {
        String runId = store.resolveId(typedId);
        store.read(runId);
        JsonNode pack = readPack(file, shownName);
        List<Violation> violations = schemas.validate(PackSchema.NAME, pack);
        if (!violations.isEmpty()) {
            throw invalidPack(shownName, violations, "fix the pack (schema: contracts/" + PackSchema.NAME + ")");
        }
        PackChecks.Findings findings = PackChecks.check(pack);
        if (!findings.errors().isEmpty()) {
            throw invalidPack(shownName, findings.errors(), "fix the pack");
        }
        RunRecord after = artifacts.write(runId, pack, findings.warnings(), clock.instant(), r -> r);
        return new Outcome(after, false, null, findings.warnings(), lastArtifacts(after));
    }

    private Outcome generate(String runId, String prd, String provider, String modelName) {
        StructuredModel model = providers.create(provider, modelName, planLogs(runId), store.paths(), runId);
        try {
            ObjectNode sofar = Json.STRICT.createObjectNode();
            for (PlanSection section : PlanSection.values()) {
                JsonNode answer = section(runId, section, sofar, prd, model);
                answer.properties().forEach(e -> sofar.set(e.getKey(), e.getValue()));
            }
            JsonNode pack = assemble(runId, prd, sofar);
            List<Violation> violations = new ArrayList<>(schemas.validate(PackSchema.NAME, pack));
            PackChecks.Findings findings = PackChecks.check(pack);
            violations.addAll(findings.errors());
            if (!violations.isEmpty()) {
                throw invalidPack("the assembled pack", violations, "this is a bug in orun's sections; report it");
            }
            Instant end = clock.instant();
            RunRecord after = artifacts.write(runId, pack, findings.warnings(), end, r -> r.withStatus(RunStatus.PASSED,
                    Times.iso(end)).withEvent(Times.iso(end), "RUN_COMPLETED", "Plan completed as PASSED", null, null));
            return new Outcome(after, false, null, findings.warnings(), lastArtifacts(after));
        } catch (OrunException e) {
            if (e.exit() == Exit.PAUSED) {
                RunRecord after = store.update(runId, r -> r.status() == RunStatus.PAUSED ? r
                        : r.withStatus(RunStatus.PAUSED, null).withEvent(now(), "RUN_PAUSED", e.getMessage(), null, null));
                return new Outcome(after, true, e.getMessage(), List.of(), List.of());
            }
            String ts = now();
            store.update(runId, r -> r.withStatus(RunStatus.FAILED, ts)
                    .withEvent(ts, "RUN_COMPLETED", "Plan completed as FAILED: " + e.getMessage(), null, null));
            throw e;
        } catch (RuntimeException e) {
            // Not a verdict but an accident (a disk error, a bug): never leave the run RUNNING; resume carries on.
            String ts = now();
            String reason = "Plan stopped by an error (" + e.getClass().getSimpleName() + "); carry on with 'orun plan resume --run "
                    + runId + "'";
            try {
                store.update(runId, r -> r.status().isFinal() ? r : r.withStatus(RunStatus.INTERRUPTED, ts)
                        .withEvent(ts, "RUN_INTERRUPTED", reason, null, null));
            } catch (RuntimeException recording) {
                e.addSuppressed(recording);
            }
            throw e;
        }
    }

    /** Asks for one section until its answer passes the schema and the checks, at most {@link #MAX_ANSWERS} times. */
    private JsonNode section(String runId, PlanSection section, ObjectNode sofar, String prd, StructuredModel model) {
        JsonNode schema = packSchema.section(section);
        String prompt = prompt(section, sofar, prd);
        int budget = section.budget(env);
        List<String> messages = List.of();
        String previous = null;
        for (int attempt = 1; attempt <= MAX_ANSWERS; attempt++) {
            String text = attempt == 1 ? prompt : repair(prompt, previous, messages);
            StructuredRequest request = new StructuredRequest(section.toolName(),
                    "Submit the " + section.title() + " section of the architecture pack.", system(section), text, schema,
                    budget, section.fileStem() + ".attempt-" + attempt);
            Instant started = clock.instant();
            StructuredAnswer answer = model.ask(request);
            messages = answer.value() == null ? List.of(answer.problem()) : problems(section, schema, answer.value(), sofar);
            if (!model.keepsOwnLogs()) {
                Path logs = planLogs(runId);
                PiiScrubber scrubber = ScrubSettings.forLogs(store.paths(), schemas, env);
                AtomicFiles.write(logs.resolve(request.logStem() + ".request.json"), scrubber.scrub(answer.requestText()).getBytes(StandardCharsets.UTF_8));
                AtomicFiles.write(logs.resolve(request.logStem() + ".response.json"), scrubber.scrub(answer.responseText()).getBytes(StandardCharsets.UTF_8));
            }
            record(runId, section, model, answer, started, messages);
            if (messages.isEmpty()) {
                return answer.value();
            }
            previous = answer.value() != null ? Json.STRICT.writeValueAsString(answer.value()) : answer.responseText();
        }
        throw OrunException.invalid("section '" + section.id() + "' failed its schema or checks " + MAX_ANSWERS
                + " times; last: " + String.join("; ", messages.subList(0, Math.min(3, messages.size())))
                + (messages.size() > 3 ? " (and " + (messages.size() - 3) + " more)" : "") + ": the raw answers are in "
                + store.paths().relative(planLogs(runId)) + "/" + section.fileStem() + ".attempt-*; run 'orun plan --run "
                + runId + "' to try again (a stronger --model may help)");
    }

    /** The answer's schema violations and, on the pack so far plus this answer, the check errors in its fields. */
    private List<String> problems(PlanSection section, JsonNode schema, JsonNode value, ObjectNode sofar) {
        List<String> out = new ArrayList<>();
        for (Violation v : schemas.validateAgainst(schema, value)) {
            out.add((v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message());
        }
        if (!out.isEmpty()) {
            return out;
        }
        ObjectNode candidate = sofar.deepCopy();
        value.properties().forEach(e -> candidate.set(e.getKey(), e.getValue()));
        for (Violation v : PackChecks.check(candidate).errors()) {
            if (section.fields().stream().anyMatch(f -> v.pointer().startsWith("/" + f + "/") || v.pointer().equals("/" + f))) {
                out.add(v.pointer() + ": " + v.message());
            }
        }
        return out;
    }

    private void record(String runId, PlanSection section, StructuredModel model, StructuredAnswer answer, Instant started,
                        List<String> messages) {
        String promptSha = Sha256.hex(answer.requestText());
        String responseSha = Sha256.hex(answer.responseText());
        String agent = "plan:" + section.id();
        Instant end = started.plusMillis(answer.durationMs());
        Invocation inv = new Invocation(RunIds.newInvocationId(end), null, agent,
                messages.isEmpty() ? InvocationStatus.SUCCESS : InvocationStatus.FAIL, Times.iso(started), Times.iso(end),
                answer.durationMs(), answer.model(), model.provider(), answer.tokens(), null, null,
                messages.isEmpty() ? null : oneLine(messages.get(0)), promptSha, responseSha);
        store.update(runId, r -> {
            // A manual answer is read again on every resume; it is one invocation, recorded once.
            boolean known = r.invocations().stream().anyMatch(i -> agent.equals(i.agent()) && promptSha.equals(i.promptSha256())
                    && responseSha.equals(i.responseSha256()));
            return known ? r : r.withInvocation(inv).withEvent(inv.finishedAt(), "INVOCATION_RECORDED", "Invocation "
                    + inv.invocationId() + " by " + agent + ": " + inv.status(), null, null);
        });
    }

    private static String system(PlanSection section) {
        return "You are orun's planner. You write the " + section.title() + " section of an architecture pack for the "
                + "product a PRD describes.\n"
                + "Answer with exactly one JSON object that satisfies the given JSON Schema (the input schema of the tool "
                + section.toolName() + ", or the response format): no keys the schema does not list, enum values only "
                + "from the lists given, every required field present.\n"
                + "Keep strings short and concrete. No markdown, no commentary.";
    }

    private static String prompt(PlanSection section, ObjectNode sofar, String prd) {
        StringBuilder p = new StringBuilder(section.instructions());
        ObjectNode context = Json.STRICT.createObjectNode();
        for (String field : section.context()) {
            if (sofar.has(field)) {
                context.set(field, sofar.get(field));
            }
        }
        if (!context.isEmpty()) {
            p.append("\n\nEarlier sections of the pack (JSON):\n").append(Json.STRICT.writeValueAsString(context));
        }
        if (section.needsPrd()) {
            p.append("\n\nPRD:\n").append(prd);
        }
        return p.toString();
    }

    private static String repair(String prompt, String previous, List<String> messages) {
        StringBuilder p = new StringBuilder("Your previous answer was refused for these reasons:\n");
        messages.forEach(m -> p.append("- ").append(m).append('\n'));
        p.append("\nPrevious answer:\n").append(previous == null ? "(none)" : previous)
                .append("\n\nAnswer again, fixing exactly these problems and keeping the rest.\n\n").append(prompt);
        return p.toString();
    }

    private JsonNode assemble(String runId, String prd, ObjectNode s) {
        ObjectNode pack = Json.STRICT.createObjectNode();
        pack.put("pack_version", PACK_VERSION);
        pack.put("run_id", runId);
        pack.put("created_at", now());
        ObjectNode tool = pack.putObject("tool");
        tool.put("name", "orun");
        tool.put("version", toolVersion);
        ObjectNode p = pack.putObject("prd");
        JsonNode answered = s.path("prd");
        if (answered.hasNonNull("title")) {
            p.set("title", answered.get("title"));
        }
        p.put("raw_text", prd);
        p.set("summary", answered.get("summary"));
        pack.putObject("org_constraints");
        for (String field : List.of("clarifications", "actors", "workflows", "requirements", "entities", "integrations", "nfrs",
                "architecture", "refinement", "implementation", "assumptions", "open_questions", "coverage", "trace")) {
            if (s.has(field)) {
                pack.set(field, s.get(field));
            }
        }
        return pack;
    }

    private RunRecord newRun(String prd, String slug, String provider, String model, String replayOf) {
        if (prd.isBlank()) {
            throw OrunException.invalid("the PRD is empty: write the product requirements in the file and run again");
        }
        RunIds.checkSlug(slug);
        Instant now = clock.instant();
        String ts = Times.iso(now);
        String runId = RunIds.newRunId(slug, now);
        Path prdFile = store.paths().recordDir(runId).resolve("inputs").resolve("prd.md");
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

    /** Everything about the provider and the budgets that can be wrong, said before any run or request. */
    private String check(String provider, String model) {
        String modelName = providers.check(provider, model);
        for (PlanSection section : PlanSection.values()) {
            section.budget(env);
        }
        return modelName;
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

    /** The PRD a run holds: {@code record/inputs/prd.md}, else the file its {@code prompt} names. */
    private String prdOf(RunRecord run) {
        Path kept = store.paths().recordDir(run.runId()).resolve("inputs").resolve("prd.md");
        Path file = Files.isRegularFile(kept) ? kept
                : run.prompt() == null ? null : store.paths().resolveInside(run.prompt().file(), "RUN.json /prompt/file");
        if (file == null || !Files.isRegularFile(file)) {
            throw OrunException.notFound("run " + run.runId() + " holds no PRD (no record/inputs/prd.md"
                    + (run.prompt() == null ? " and no /prompt" : ", and its /prompt/file " + run.prompt().file() + " is missing")
                    + "): start a plan with 'orun plan --prd FILE'");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + store.paths().relative(file) + ": " + e.getMessage(), e);
        }
    }

    private JsonNode readPack(Path file, String shown) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw OrunException.notFound(shown + " does not exist: pass the path of an architecture pack JSON file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shown + ": " + e.getMessage(), e);
        }
        try {
            JsonNode tree = Json.LENIENT.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw OrunException.invalid(shown + ": is not a JSON object: an architecture pack is one JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            throw OrunException.invalid(shown + ": not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": fix the syntax");
        }
    }

    private static OrunException invalidPack(String where, List<Violation> violations, String fix) {
        Violation first = violations.get(0);
        return OrunException.invalid(where + " " + (first.pointer().isEmpty() ? "/" : first.pointer()) + ": " + first.message()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "") + ": " + fix
                + "; nothing was written to record/artifacts/");
    }

    private List<IndexedArtifact> lastArtifacts(RunRecord run) {
        String dir = store.paths().relative(artifacts.folder(run.runId())) + "/";
        return run.artifactsIndex().stream().filter(a -> a.path().startsWith(dir)
                && List.of(PackArtifacts.PACK, PackArtifacts.SUMMARY, PackArtifacts.DIAGRAM).contains(a.path().substring(dir.length()))).toList();
    }

    public Path planLogs(String runId) {
        return store.paths().logsDir(runId).resolve("plan");
    }

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

    private String now() {
        return Times.iso(clock.instant());
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ');
        return t.length() > 500 ? t.substring(0, 500) + "…" : t;
    }
}
