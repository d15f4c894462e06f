package dev.orun.serve;

import dev.orun.schema.Json;
import dev.orun.store.OrunPaths;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WSPass's run shapes, derived from an orun record: the run ({@code run_id, created_at, status, current_step,
 * last_updated_at, step_timestamps}, and {@code input}, {@code execution}, {@code implementation_state} when the run has
 * them) and its artifacts' metadata ({@code name, filename, content_type, sha256, created_at}). Nothing is stored
 * twice: each field is read from RUN.json, its event chain or a file of the run's record.
 */
final class SeedRuns {
    /** The seed's run statuses, in the order a planner run goes through them. */
    static final List<String> STATUSES = List.of("created", "parsed", "clarified", "plan_generated", "decomposition_generated",
            "approved", "exported", "failed");
    static final String STATUS_EVENT = "STATUS_REPORTED";
    static final String EXECUTION_EVENT = "EXECUTION_REPORTED";
    static final String DISPATCH_EVENT = "WORKFLOW_DISPATCHED";
    /** The seed's workflow names for orun's two dispatchable workflows. */
    static final Map<String, String> WORKFLOW_NAMES = Map.of("planner", "phase1-planner", "implementation", "phase2-implementation");
    static final String ISSUE_STATE = "implementation_issue_state.json";

    private static final Pattern STATUS_MESSAGE = Pattern.compile("^Reported status '([a-z_]+)'$");
    private static final Pattern DISPATCH_MESSAGE = Pattern.compile(
            "^Dispatched (planner|implementation) workflow \\S+ on \\S+@\\S+(?: as workflow run (\\d+)(?: (\\S+))?)?.*$");
    private static final Pattern EXECUTION_MESSAGE = Pattern.compile(
            "^Execution (running|succeeded|failed)(?: as workflow run (\\d+))?(?: (https?://\\S+))?(?:: (.+))?$");

    private SeedRuns() {
    }

    /** The seed's {@code run} object for a record. */
    static ObjectNode run(OrunPaths paths, JsonNode t) {
        String runId = t.path("run_id").asString();
        ObjectNode run = Json.STRICT.createObjectNode();
        String created = t.path("started_at").asString("");
        run.put("run_id", runId);
        run.put("created_at", created);
        run.put("status", status(t));
        Map<String, String> steps = stepTimestamps(t);
        run.put("current_step", currentStep(t));
        run.put("last_updated_at", lastUpdated(t));
        ObjectNode st = run.putObject("step_timestamps");
        steps.forEach(st::put);
        ObjectNode input = input(paths, t);
        if (input != null) {
            run.set("input", input);
        }
        ObjectNode execution = execution(t);
        if (execution != null) {
            run.set("execution", execution);
        }
        JsonNode issues = issueState(paths, runId);
        if (issues != null) {
            run.set("implementation_state", issues);
        }
        return run;
    }

    /**
     * The seed's status: an orun run that failed or was canceled is {@code failed}, one that passed is
     * {@code exported}; otherwise the status last reported with {@code PATCH}, else {@code created}.
     */
    static String status(JsonNode t) {
        String orun = t.path("status").asString("").toUpperCase(Locale.ROOT);
        if (orun.equals("FAILED") || orun.equals("CANCELED") || orun.equals("CANCELLED")) {
            return "failed";
        }
        if (orun.equals("PASSED")) {
            return "exported";
        }
        String reported = "created";
        for (JsonNode e : t.path("events")) {
            if (STATUS_EVENT.equals(e.path("type").asString(""))) {
                Matcher m = STATUS_MESSAGE.matcher(e.path("message").asString(""));
                if (m.matches()) {
                    reported = m.group(1);
                }
            }
        }
        return reported;
    }

    /** The step last reported (the seed's {@code current_step}), {@code created} before any. */
    static String currentStep(JsonNode t) {
        String step = "created";
        for (JsonNode e : t.path("events")) {
            if (RunSteps.EVENT.equals(e.path("type").asString(""))) {
                String s = RunSteps.stepOf(e.path("message").asString(""));
                if (s != null) {
                    step = s;
                }
            }
        }
        return step;
    }

    /** Each step and when it was first reached, {@code created} (the run's start) first. */
    static Map<String, String> stepTimestamps(JsonNode t) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("created", t.path("started_at").asString(""));
        RunSteps.timestamps(t).forEach(out::putIfAbsent);
        return out;
    }

    /** The newest time in the record: its last event, or its finish, or its start. */
    static String lastUpdated(JsonNode t) {
        String last = t.path("started_at").asString("");
        if (t.path("finished_at").isString() && t.path("finished_at").asString().compareTo(last) > 0) {
            last = t.path("finished_at").asString();
        }
        for (JsonNode e : t.path("events")) {
            String ts = e.path("timestamp").asString("");
            if (ts.compareTo(last) > 0) {
                last = ts;
            }
        }
        return last;
    }

    /** A run made from a PRD (POST /runs with prd_text, or {@code orun plan --prd}): the seed's {@code input}. */
    static ObjectNode input(OrunPaths paths, JsonNode t) {
        String runId = t.path("run_id").asString();
        Path prd = paths.recordDir(runId).resolve("inputs").resolve("prd.md");
        if (!Files.isRegularFile(prd)) {
            return null;
        }
        ObjectNode input = Json.STRICT.createObjectNode();
        try {
            input.put("prd_text", Files.readString(prd, StandardCharsets.UTF_8));
            Path request = paths.recordDir(runId).resolve("inputs").resolve(SeedRequest.FILE);
            if (Files.isRegularFile(request)) {
                JsonNode r = Json.LENIENT.readTree(Files.readAllBytes(request));
                for (String f : List.of("org_constraints_yaml", "requested_by", "source")) {
                    if (r.has(f)) {
                        input.set(f, r.get(f));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return input;
    }

    /**
     * The seed's {@code execution}: the last workflow dispatched for the run ({@code orun dispatch} or
     * {@code POST /runs/{runId}/dispatch}) and what its workflow reported since ({@code PATCH /runs/{runId}/execution}).
     */
    static ObjectNode execution(JsonNode t) {
        ObjectNode ex = null;
        for (JsonNode e : t.path("events")) {
            String type = e.path("type").asString("");
            String ts = e.path("timestamp").asString("");
            String msg = e.path("message").asString("");
            if (DISPATCH_EVENT.equals(type)) {
                Matcher m = DISPATCH_MESSAGE.matcher(msg);
                if (!m.matches()) {
                    continue;
                }
                ex = Json.STRICT.createObjectNode();
                ex.put("backend", "github_actions");
                ex.put("workflow_name", WORKFLOW_NAMES.get(m.group(1)));
                ex.put("status", "dispatched");
                if (m.group(2) != null) {
                    ex.put("github_run_id", Long.parseLong(m.group(2)));
                }
                if (m.group(3) != null && m.group(3).startsWith("http")) {
                    ex.put("github_run_url", m.group(3));
                }
                ex.put("requested_at", ts);
            } else if (EXECUTION_EVENT.equals(type) && ex != null) {
                Matcher m = EXECUTION_MESSAGE.matcher(msg);
                if (!m.matches()) {
                    continue;
                }
                String status = m.group(1);
                ex.put("status", status);
                if (m.group(2) != null) {
                    ex.put("github_run_id", Long.parseLong(m.group(2)));
                }
                if (m.group(3) != null) {
                    ex.put("github_run_url", m.group(3));
                }
                if (status.equals("running")) {
                    if (!ex.has("started_at")) {
                        ex.put("started_at", ts);
                    }
                } else {
                    if (!ex.has("started_at")) {
                        ex.put("started_at", ts);
                    }
                    ex.put("completed_at", ts);
                }
                if (m.group(4) != null) {
                    ex.put("error_message", m.group(4));
                }
            }
        }
        return ex;
    }

    /** The message of an {@code EXECUTION_REPORTED} event (one line; {@link #execution} reads it back). */
    static String executionMessage(String status, Long runId, String url, String error) {
        return "Execution " + status + (runId == null ? "" : " as workflow run " + runId) + (url == null ? "" : " " + url)
                + (error == null ? "" : ": " + error.replaceAll("\\s+", " ").strip());
    }

    /** The issue-sync state the run holds ({@code record/artifacts/implementation_issue_state.json}), or null. */
    static JsonNode issueState(OrunPaths paths, String runId) {
        Path f = paths.recordDir(runId).resolve("artifacts").resolve(ISSUE_STATE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode n = Json.LENIENT.readTree(Files.readAllBytes(f));
            return n.isObject() && n.has("synced_at") && n.path("issues").isArray() ? n : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The run's artifacts in the seed's shape, one per file (its latest index entry): under {@code record/artifacts/}
     * named as the seed names them (the file's name there without its extension), other outputs by their
     * repository-relative path.
     */
    static List<ObjectNode> artifacts(OrunPaths paths, JsonNode t) {
        String runId = t.path("run_id").asString();
        String prefix = paths.relative(paths.recordDir(runId).resolve("artifacts")) + "/";
        Map<String, ObjectNode> byFile = new LinkedHashMap<>();
        for (JsonNode a : t.path("artifacts_index")) {
            String file = a.path("resolved_path").isString() ? a.path("resolved_path").asString() : a.path("path").asString("");
            if (file.isEmpty() || !a.path("sha256").isString()) {
                continue;
            }
            byFile.remove(file);
            byFile.put(file, artifact(prefix, file, a, t.path("started_at").asString("")));
        }
        return List.copyOf(byFile.values());
    }

    static ObjectNode artifact(String prefix, String file, JsonNode entry, String fallbackTime) {
        ObjectNode m = Json.STRICT.createObjectNode();
        String filename = file.startsWith(prefix) ? file.substring(prefix.length()) : file;
        m.put("name", file.startsWith(prefix) ? stripExtension(filename) : file);
        m.put("filename", filename);
        m.put("content_type", RunArtifacts.contentType(filename));
        m.put("sha256", entry.path("sha256").asString());
        m.put("created_at", entry.path("recorded_at").isString() ? entry.path("recorded_at").asString() : fallbackTime);
        return m;
    }

    static String stripExtension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }
}
