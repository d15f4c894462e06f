package dev.orun.serve;

import dev.orun.error.OrunException;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
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

    RunsApi(ServeContext ctx, RequestSchemas schemas, RunMutexes mutexes, RunListCache lists) {
        this.ctx = ctx;
        this.lists = lists;
        this.details = new RunDetailCache(ctx.store());
        this.schemas = schemas;
        this.mutexes = mutexes;
        this.artifacts = new RunArtifacts(ctx.store(), ctx.clock(), ctx::plans);
        this.steps = new RunSteps(ctx.store(), ctx.clock());
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
                default -> throw notAllowed(m, "GET, POST");
            }
            return true;
        }
        String runId = resolve(s.get(1));
        if (s.size() == 2) {
            switch (m) {
                case "GET" -> call.jsonBytes(200, details.get(runId, () -> Json.STRICT.writeValueAsBytes(detail(runId))));
                case "PATCH" -> call.json(200, patch(call, runId));
                default -> throw notAllowed(m, "GET, PATCH");
            }
            return true;
        }
        String what = s.get(2);
        if (what.equals("gates") && s.size() == 5) {
            if (!m.equals("POST")) {
                throw notAllowed(m, "POST");
            }
            call.json(200, gate(call, runId, s.get(3), s.get(4)));
            return true;
        }
        if (what.equals("invocations") && s.size() == 3) {
            if (!m.equals("POST")) {
                throw notAllowed(m, "POST");
            }
            call.json(201, invocation(call, runId));
            return true;
        }
        if (what.equals("artifacts")) {
            if (s.size() == 3) {
                if (!m.equals("POST")) {
                    throw notAllowed(m, "POST");
                }
                call.json(201, upload(call, runId));
                return true;
            }
            if (!m.equals("GET")) {
                throw notAllowed(m, "GET");
            }
            String name = String.join("/", s.subList(3, s.size()));
            call.json(200, artifacts.fetch(runId, ctx.store().load(runId, false).tree(), name));
            return true;
        }
        throw ApiException.notFound("no endpoint " + m + " " + String.join("/", s) + ": see contracts/"
                + RequestSchemas.OPENAPI);
    }

    private static ApiException notAllowed(String method, String allowed) {
        return new ApiException(405, "not_allowed", method + " is not allowed here: use " + allowed, null);
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

    /** {@code GET /runs}: from the list cache; the unfiltered answer's bytes are made once per list. */
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
            return snap.allJson(RunsApi::render);
        }
        java.util.function.Predicate<RunSummary> match = new RunQuery(status, workflow, null, null, null).predicate();
        List<RunSummary> chosen = new ArrayList<>();
        for (RunSummary r : snap.runs) {
            if (match.test(r)) {
                chosen.add(r);
                if (limit != null && chosen.size() >= limit) {
                    break;
                }
            }
        }
        return render(chosen);
    }

    private static byte[] render(List<RunSummary> summaries) {
        List<Map<String, Object>> runs = new ArrayList<>(summaries.size());
        for (RunSummary r : summaries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", r.runId());
            m.put("workflow", r.workflow());
            m.put("slug", r.slug());
            m.put("status", r.status());
            m.put("depth", r.depth());
            m.put("started_at", r.startedAt());
            m.put("finished_at", r.finishedAt());
            m.put("gates_passed", r.gatesPassed());
            m.put("gates_total", r.gatesTotal());
            m.put("legacy", r.legacy());
            runs.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", runs.size());
        doc.put("runs", runs);
        return Json.STRICT.writeValueAsBytes(doc);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    Map<String, Object> create(Call call) {
        JsonNode b = schemas.parse(call.body(), "CreateRun");
        Map<String, String> vars = new LinkedHashMap<>();
        b.path("vars").properties().forEach(e -> vars.put(e.getKey(), e.getValue().asString()));
        RunRecord run = ctx.runs().start(new RunService.StartRequest(b.get("workflow").asString(), b.get("slug").asString(),
                text(b, "artifact_path"), text(b, "depth"), null, vars, null));
        return Map.of("run", Json.STRICT.valueToTree(run));
    }

    Map<String, Object> detail(String runId) {
        LoadedRun loaded = ctx.store().load(runId, false);
        JsonNode tree = loaded.tree();
        List<Map<String, Object>> list = new ArrayList<>();
        for (JsonNode a : tree.path("artifacts_index")) {
            list.add(RunArtifacts.artifactJson(a));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", tree);
        doc.put("artifacts", list);
        doc.put("step_timestamps", RunSteps.timestamps(tree));
        return doc;
    }

    Map<String, Object> patch(Call call, String runId) {
        JsonNode b = schemas.parse(call.body(), "PatchRun");
        RunRecord run = mutexes.with(runId, () -> {
            RunRecord r = null;
            if (b.hasNonNull("current_step")) {
                r = steps.reach(runId, b.get("current_step").asString());
            }
            if (b.hasNonNull("status")) {
                r = ctx.runs().complete(runId, RunStatus.valueOf(b.get("status").asString()));
            }
            return r;
        });
        return Map.of("run", Json.STRICT.valueToTree(run));
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
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", runId);
        doc.put("gate", gate);
        doc.put("status", r.attempt().status());
        doc.put("run_status", r.run().status());
        doc.put("attempt_file", r.attemptFile());
        doc.put("attempt", r.attempt());
        return doc;
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
        return Map.of("artifact", RunArtifacts.artifactJson(Json.STRICT.valueToTree(entry)));
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
