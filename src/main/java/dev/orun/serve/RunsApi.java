package dev.orun.serve;

import dev.orun.error.OrunException;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.store.LoadedRun;
import dev.orun.store.RunQuery;
import dev.orun.store.RunSummary;
import dev.orun.workflow.GateService;
import dev.orun.workflow.RunService;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs API: the WSPass runs endpoints and orun's gate, invocation and artifact operations, each one call of the
 * service the matching CLI command calls. Writes hold the run's in-process mutex and then the run lock (inside the
 * services); bodies are checked against {@code contracts/serve-api.openapi.json} before anything is written.
 */
final class RunsApi {
    private final ServeContext ctx;
    private final RequestSchemas schemas;
    private final RunMutexes mutexes;
    private final RunArtifacts artifacts;
    private final RunSteps steps;
    private final RunListCache lists;
    private final RunDetailCache details;
    private final SeedRequest seedRequests;
    private final SeedList seedList;
    private final RunLogs logs;

    RunsApi(ServeContext ctx, RequestSchemas schemas, RunMutexes mutexes, RunListCache lists) {
        this.ctx = ctx;
        this.lists = lists;
        this.details = new RunDetailCache(ctx.store());
        this.schemas = schemas;
        this.mutexes = mutexes;
        this.artifacts = new RunArtifacts(ctx.store(), ctx.clock(), ctx::plans);
        this.steps = new RunSteps(ctx.store(), ctx.clock());
        this.seedRequests = new SeedRequest(ctx.store(), ctx::plans);
        this.seedList = new SeedList(ctx.store());
        this.logs = new RunLogs(ctx.store());
    }

    /** Answers {@code /runs...}; false when the path is not the API's. */
    boolean handle(Call call, Runnable requireWrite, Runnable requireRead) {
        List<String> s = call.segments();
        if (s.isEmpty() || !s.get(0).equals("runs")) {
            return false;
        }
        String m = call.method();
        // Authorisation first: an unauthorised caller learns nothing, not even whether a run exists.
        boolean read = m.equals("GET") || m.equals("HEAD");
        (read ? requireRead : requireWrite).run();
        try {
            return route(call, s, m);
        } finally {
            if (!read) {
                lists.invalidate();
            }
        }
    }

    private boolean route(Call call, List<String> s, String m) {
        if (s.size() == 1) {
            switch (m) {
                case "GET" -> call.jsonBytes(200, list(call));
                case "POST" -> call.json(201, create(call));
                default -> throw notAllowed(call, m, "GET, POST");
            }
            return true;
        }
        String runId = resolve(s.get(1));
        if (s.size() == 2) {
            switch (m) {
                case "GET" -> call.jsonBytes(200, details.get(runId, () -> Json.STRICT.writeValueAsBytes(detail(runId))));
                case "PATCH" -> call.json(200, patch(call, runId));
                case "DELETE" -> throw new ApiException(405, "not_allowed", "run " + runId + " is not deleted: its record is "
                        + "committed history (other branches and CI jobs may hold it). End it with PATCH {\"status\": \"failed\"} "
                        + "(or 'orun run complete --status CANCELED'); to drop it, 'git rm -r' its folder and commit", null,
                        Map.of("Allow", "GET, PATCH"));
                default -> throw notAllowed(call, m, "GET, PATCH");
            }
            return true;
        }
        String what = s.get(2);
        String rest = String.join("/", s.subList(3, s.size()));
        switch (what) {
            case "record" -> {
                only(call, m, "GET", s.size() == 3);
                call.jsonBytes(200, Json.STRICT.writeValueAsBytes(ctx.store().load(runId, false).tree()));
            }
            case "gates" -> {
                only(call, m, "POST", s.size() == 5);
                call.json(200, gate(call, runId, s.get(3), s.get(4)));
            }
            case "invocations" -> {
                only(call, m, "POST", s.size() == 3);
                call.json(201, invocation(call, runId));
            }
            case "artifacts" -> {
                if (s.size() == 3) {
                    only(call, m, "POST", true);
                    call.json(201, upload(call, runId));
                } else {
                    only(call, m, "GET", true);
                    call.json(200, artifacts.fetch(runId, ctx.store().load(runId, false).tree(), rest));
                }
            }
            case "logs" -> {
                only(call, m, "GET", true);
                if (s.size() == 3) {
                    call.json(200, Map.of("logs", logs.list(runId)));
                } else {
                    call.text(200, logs.read(runId, rest));
                }
            }
            case "execution" -> {
                only(call, m, "PATCH", s.size() == 3);
                call.json(200, execution(call, runId));
            }
            case "dispatch" -> {
                only(call, m, "POST", s.size() <= 4);
                call.json(200, dispatch(call, runId, s.size() == 4 ? s.get(3) : "phase1-planner"));
            }
            case "implementation-state" -> {
                only(call, m, "PATCH", s.size() == 3);
                call.json(200, implementationState(call, runId));
            }
            default -> throw ApiException.notFound("no endpoint " + m + " /" + String.join("/", s) + ": see contracts/"
                    + RequestSchemas.OPENAPI);
        }
        return true;
    }

    private static void only(Call call, String method, String allowed, boolean pathOk) {
        if (!pathOk) {
            throw ApiException.notFound("no endpoint " + method + " /" + String.join("/", call.segments()) + ": see contracts/"
                    + RequestSchemas.OPENAPI);
        }
        if (!method.equals(allowed)) {
            throw notAllowed(call, method, allowed);
        }
    }

    private static ApiException notAllowed(Call call, String method, String allowed) {
        return new ApiException(405, "not_allowed", method + " is not allowed on /" + String.join("/", call.segments())
                + ": use " + allowed, null, Map.of("Allow", allowed));
    }

    /**
     * The run a path segment names. A run id has no '/', '\\' or '..': the store would take such a text, when it
     * starts with "run_" and names a folder, as a path under the runs folder, which could lead out of it.
     */
    String resolve(String typed) {
        if (typed.contains("/") || typed.contains("\\") || typed.contains("..") || typed.indexOf('\0') >= 0) {
            throw ApiException.notFound("'" + typed + "' is not a run id: list runs with GET /runs");
        }
        return ctx.store().resolveId(typed);
    }

    /** Builds the seed's list items of every run now, so the first {@code GET /runs} does not read every record. */
    void warm() {
        seedList.items(lists.get().runs);
    }

    /** {@code GET /runs}: the seed's {@code {total, runs}}, newest first; the unfiltered answer is made once per list. */
    byte[] list(Call call) {
        Integer limit = null;
        String l = call.query("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
                if (limit < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("query limit '" + l + "' is not a positive whole number: pass e.g. ?limit=50", null);
            }
        }
        String status = blankToNull(call.query("status"));
        String workflow = blankToNull(call.query("workflow"));
        RunListCache.Snapshot snap = lists.get();
        if (status == null && workflow == null && limit == null) {
            return snap.allJson(this::renderAll);
        }
        // status: the seed's (created, ..., failed) or orun's (RUNNING, PASSED, ...)
        boolean seedStatus = status != null && SeedRuns.STATUSES.contains(status);
        java.util.function.Predicate<RunSummary> match = new RunQuery(seedStatus ? null : status, workflow, null, null, null).predicate();
        // item by item, newest first, so ?limit=50 looks at about 50 records, not every one
        List<JsonNode> items = new ArrayList<>();
        for (RunSummary r : snap.runs) {
            if (!match.test(r)) {
                continue;
            }
            JsonNode item = seedList.item(r.runId());
            if (item == null || (seedStatus && !status.equals(item.path("status").asString()))) {
                continue;
            }
            items.add(item);
            if (limit != null && items.size() >= limit) {
                break;
            }
        }
        return render(items);
    }

    /** The last unfiltered answer: when a new listing has the very same items (nothing changed), its bytes again. */
    private record Rendered(List<JsonNode> items, byte[] json) {
    }

    private volatile Rendered lastAll;

    private byte[] renderAll(List<RunSummary> runs) {
        List<JsonNode> items = seedList.items(runs);
        Rendered last = lastAll;
        if (last != null && last.items().size() == items.size()) {
            boolean same = true;
            for (int i = 0; i < items.size() && same; i++) {
                same = items.get(i) == last.items().get(i);
            }
            if (same) {
                return last.json();
            }
        }
        byte[] json = render(items);
        lastAll = new Rendered(items, json);
        return json;
    }

    private static byte[] render(List<JsonNode> items) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", items.size());
        doc.put("runs", items);
        return Json.STRICT.writeValueAsBytes(doc);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The seed's body ({@code prd_text}: a plan run), or orun's ({@code workflow} and {@code slug}: as {@code run start}). */
    Map<String, Object> create(Call call) {
        byte[] body = call.body();
        JsonNode peek = RequestSchemas.peek(body);
        RunRecord run;
        if (peek != null && peek.has("prd_text")) {
            run = seedRequests.create(schemas.parse(body, "CreatePlannerRun"));
        } else {
            JsonNode b = schemas.parse(body, "CreateRun");
            Map<String, String> vars = new LinkedHashMap<>();
            b.path("vars").properties().forEach(e -> vars.put(e.getKey(), e.getValue().asString()));
            run = ctx.runs().start(new RunService.StartRequest(b.get("workflow").asString(), b.get("slug").asString(),
                    text(b, "artifact_path"), text(b, "depth"), null, vars, null));
        }
        return runEnvelope(run.runId());
    }

    /** {@code {run}}: the run in the seed's shape, read back from its record. */
    private Map<String, Object> runEnvelope(String runId) {
        return Map.of("run", SeedRuns.run(ctx.store().paths(), ctx.store().load(runId, false).tree()));
    }

    /** {@code {run}} of the record a write just made (no second read of a record that may be large). */
    private Map<String, Object> runEnvelope(RunRecord run) {
        return Map.of("run", SeedRuns.run(ctx.store().paths(), Json.STRICT.valueToTree(run)));
    }

    /** {@code GET /runs/{runId}}: the seed's {@code {run, artifacts}}. */
    Map<String, Object> detail(String runId) {
        JsonNode tree = ctx.store().load(runId, false).tree();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", SeedRuns.run(ctx.store().paths(), tree));
        doc.put("artifacts", SeedRuns.artifacts(ctx.store().paths(), tree));
        return doc;
    }

    /**
     * {@code PATCH /runs/{runId}}: the step first (an event when it changes), then the status: {@code failed} and
     * {@code exported} complete the run (FAILED, PASSED) as {@code orun run complete} does, the seed's other statuses
     * are reported as an event; orun's PASSED, FAILED and CANCELED are taken too.
     */
    Map<String, Object> patch(Call call, String runId) {
        JsonNode b = schemas.parse(call.body(), "PatchRun");
        RunRecord after = mutexes.with(runId, () -> {
            RunRecord r = null;
            if (b.hasNonNull("current_step")) {
                r = steps.reach(runId, b.get("current_step").asString());
            }
            if (b.hasNonNull("status")) {
                String status = b.get("status").asString();
                r = switch (status) {
                    case "failed" -> ctx.runs().complete(runId, RunStatus.FAILED);
                    case "exported" -> ctx.runs().complete(runId, RunStatus.PASSED);
                    case "PASSED", "FAILED", "CANCELED" -> ctx.runs().complete(runId, RunStatus.valueOf(status));
                    default -> reportStatus(runId, status);
                };
            }
            return r;
        });
        return runEnvelope(after);
    }

    private RunRecord reportStatus(String runId, String status) {
        return ctx.store().update(runId, run -> {
            JsonNode tree = Json.STRICT.valueToTree(run);
            String now = SeedRuns.status(tree);
            if (now.equals(status)) {
                return run;
            }
            if (run.status().isFinal()) {
                throw OrunException.failed("run " + runId + " is already " + run.status() + " (" + now + "): it takes no status '"
                        + status + "'; create a new run instead");
            }
            return run.withEvent(Times.iso(ctx.clock().instant()), SeedRuns.STATUS_EVENT, "Reported status '" + status + "'", null, null);
        });
    }

    /** {@code PATCH /runs/{runId}/execution}: what the dispatched workflow reports (running, succeeded or failed). */
    Map<String, Object> execution(Call call, String runId) {
        JsonNode b = schemas.parse(call.body(), "UpdateExecution");
        String status = b.get("status").asString();
        Long ghRun = b.hasNonNull("github_run_id") ? b.get("github_run_id").asLong() : null;
        String url = text(b, "github_run_url");
        String error = text(b, "error_message");
        RunRecord after = mutexes.with(runId, () -> ctx.store().update(runId, run -> {
            JsonNode ex = SeedRuns.execution(Json.STRICT.valueToTree(run));
            if (ex == null) {
                throw OrunException.failed("run " + runId + " has no dispatched workflow to report on: dispatch one first "
                        + "(POST /runs/" + runId + "/dispatch or 'orun dispatch planner --run " + runId + "')");
            }
            String was = ex.path("status").asString();
            if (was.equals("succeeded") || was.equals("failed")) {
                throw ApiException.badRequest("the run's execution is already " + was + ": it cannot become " + status
                        + "; dispatch the workflow again for a new execution", "/status");
            }
            return run.withEvent(Times.iso(ctx.clock().instant()), SeedRuns.EXECUTION_EVENT,
                    SeedRuns.executionMessage(status, ghRun, url, error), null, null);
        }));
        return runEnvelope(after);
    }

    /**
     * {@code POST /runs/{runId}/dispatch[/{workflowName}]}: the seed's names ({@code phase1-planner},
     * {@code phase2-implementation}) or orun's ({@code planner}, {@code implementation}); the server's
     * {@code ORUN_API_URL} (or {@code PASS_API_PUBLIC_BASE_URL}) goes to the workflow as its {@code api_base_url}.
     */
    Map<String, Object> dispatch(Call call, String runId, String workflowName) {
        schemas.parse(call.body(), "DispatchRun");
        String kind = switch (workflowName) {
            case "phase1-planner", "planner" -> "planner";
            case "phase2-implementation", "implementation" -> "implementation";
            default -> throw ApiException.notFound("no workflow '" + workflowName + "' to dispatch: use phase1-planner or "
                    + "phase2-implementation");
        };
        RunDispatch d = new RunDispatch(ctx.store(), ctx.clock(), ctx.env(), "orun/" + ctx.version());
        dev.orun.github.WorkflowDispatchSettings settings;
        try {
            settings = d.settings(kind, null);
        } catch (OrunException e) {
            throw new ApiException(500, "server_misconfigured", e.getMessage(), null);
        }
        String api = ctx.env().get("ORUN_API_URL");
        if (api == null || api.isBlank()) {
            api = ctx.env().get("PASS_API_PUBLIC_BASE_URL");
        }
        String apiUrl = api;
        RunDispatch.Result r = mutexes.with(runId, () -> d.dispatch(runId, kind, settings, apiUrl));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", runId);
        doc.put("execution", SeedRuns.execution(Json.STRICT.valueToTree(r.run())));
        return doc;
    }

    /** {@code PATCH /runs/{runId}/implementation-state}: the issue-sync state, kept as the run's artifact. */
    Map<String, Object> implementationState(Call call, String runId) {
        JsonNode b = schemas.parse(call.body(), "ImplementationState");
        mutexes.with(runId, () -> artifacts.upload(runId, new RunArtifacts.Upload(SeedRuns.ISSUE_STATE, "application/json", b)));
        return runEnvelope(runId);
    }

    Map<String, Object> gate(Call call, String runId, String gateId, String action) {
        GateService gates = ctx.gates();
        switch (action) {
            case "start" -> {
                JsonNode b = schemas.parse(call.body(), "GateStart");
                GateService.StartResult r = mutexes.with(runId, () ->
                        gates.start(runId, gateId, text(b, "agent"), b.path("force").asBoolean(false)));
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("run_id", runId);
                doc.put("gate", gateId);
                doc.put("started", r.started());
                doc.put("note", r.note());
                doc.put("run_status", r.run().status());
                doc.put("attempt", r.attempt());
                return doc;
            }
            case "finish" -> {
                schemas.parse(call.body(), "GateFinish");
                return gateJson(runId, gateId, mutexes.with(runId, () -> gates.finish(runId, gateId, dev.orun.gate.HashProgress.NONE)));
            }
            case "fail" -> {
                JsonNode b = schemas.parse(call.body(), "GateFail");
                return gateJson(runId, gateId, mutexes.with(runId, () -> gates.fail(runId, gateId, b.get("reason").asString())));
            }
            default -> throw ApiException.notFound("no gate action '" + action + "': use start, finish or fail");
        }
    }

    private static Map<String, Object> gateJson(String runId, String gate, GateService.FinishResult r) {
        return r.json(runId, gate);
    }

    Map<String, Object> invocation(Call call, String runId) {
        JsonNode b = schemas.parse(call.body(), "InvocationRecord");
        RunService.InvocationRequest req = new RunService.InvocationRequest(text(b, "gate"), b.get("agent").asString(),
                b.has("status") ? InvocationStatus.valueOf(b.get("status").asString()) : InvocationStatus.SUCCESS,
                text(b, "model"), text(b, "provider"), b.path("tokens_prompt").asLong(0), b.path("tokens_completion").asLong(0),
                b.has("cost_usd") ? b.get("cost_usd").asDouble() : null,
                b.has("duration_ms") ? b.get("duration_ms").asLong() : null);
        Invocation inv = mutexes.with(runId, () -> ctx.runs().recordInvocation(runId, req));
        return Map.of("invocation", inv);
    }

    Map<String, Object> upload(Call call, String runId) {
        JsonNode b = schemas.parse(call.body(), "ArtifactUpload");
        RunArtifacts.Upload up = new RunArtifacts.Upload(b.get("name").asString(), b.get("content_type").asString(), b.get("payload"));
        var entry = mutexes.with(runId, () -> artifacts.upload(runId, up));
        return Map.of("artifact", artifacts.seedMeta(runId, entry));
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    /** The HTTP answer for an error from the services: exit codes mapped to statuses. */
    static ApiException fromOrun(OrunException e) {
        return switch (e.exit()) {
            case NOT_FOUND -> new ApiException(404, "not_found", e.getMessage(), null);
            case USAGE, INVALID -> new ApiException(400, "invalid_request", e.getMessage(), null);
            case FAILED, PAUSED -> new ApiException(409, "conflict", e.getMessage(), null);
            case LOCKED -> new ApiException(423, "locked", e.getMessage(), null);
            case EXTERNAL -> new ApiException(502, "external", e.getMessage(), null);
            default -> new ApiException(500, "internal", e.getMessage(), null);
        };
    }
}
