package dev.orun.observe;

import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunEvent;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.run.ValidationResult;
import dev.orun.schema.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run record as an OpenTelemetry trace: the run is the root span ({@code invoke_workflow {name}}), each gate
 * attempt a child, each invocation a child of its attempt with the GenAI semantic-convention attributes, the
 * attempt's validations as span events, failures as error status. Trace and span ids are derived from the run id
 * (SHA-256), so exporting a run twice sends the same spans, not new ones.
 */
public final class RunTrace {
    public static final String SCOPE = "dev.orun";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> CACHE_READ = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> CACHE_CREATION = AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("gen_ai.workflow.name");
    static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("process.exit.code");

    private final String orunVersion;

    public RunTrace(String orunVersion) {
        this.orunVersion = orunVersion;
    }

    /** The run's spans, root first; {@code now} ends what has not ended yet. */
    public List<SpanData> spans(RunRecord run, Instant now) {
        Resource resource = Resource.create(Attributes.builder()
                .put("service.name", "orun")
                .put("service.version", orunVersion)
                .build());
        InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder(SCOPE).setVersion(orunVersion).build();
        String traceId = traceId(run.runId());
        long runEnd = nanos(run.finishedAt() != null ? run.finishedAt() : lastEvent(run, now));
        SpanContext root = context(traceId, spanId(run.runId(), "run"));
        List<SpanData> spans = new ArrayList<>();

        AttributesBuilder ra = Attributes.builder()
                .put(OPERATION, "invoke_workflow")
                .put(WORKFLOW_NAME, run.workflow().name())
                .put(CONVERSATION, run.runId())
                .put("orun.run.id", run.runId())
                .put("orun.run.status", run.status().name())
                .put("orun.workflow.slug", run.workflow().slug());
        putIfNotNull(ra, "orun.workflow.version", run.workflow().version());
        putIfNotNull(ra, "orun.workflow.artifact_path", run.workflow().artifactPath());
        putIfNotNull(ra, "orun.run.depth", run.depth());
        long input = 0;
        long output = 0;
        double cost = 0;
        boolean anyCost = false;
        for (Invocation inv : run.invocations()) {
            input += inv.tokens().prompt();
            output += inv.tokens().completion();
            if (inv.costUsd() != null) {
                cost += inv.costUsd();
                anyCost = true;
            }
        }
        if (input + output > 0) {
            ra.put(INPUT_TOKENS, input).put(OUTPUT_TOKENS, output);
        }
        if (anyCost) {
            ra.put("orun.cost_usd", cost);
        }
        StatusData runStatus = switch (run.status()) {
            case FAILED, INTERRUPTED -> StatusData.create(StatusCode.ERROR, "run " + run.status() + reasonOfRun(run));
            default -> StatusData.unset();
        };
        spans.add(new RecordSpan("invoke_workflow " + run.workflow().name(), root, SpanContext.getInvalid(), runStatus,
                nanos(run.startedAt()), Math.max(runEnd, nanos(run.startedAt())), ra.build(), List.of(), resource, scope));

        // Fields newer records may carry (model agents: cache tokens, stop reason, round, the attempt's agent_run) are
        // read from the record's JSON, so that an export maps them whenever the record has them.
        JsonNode tree = Json.STRICT.valueToTree(run);
        Map<String, JsonNode> invocationJson = new HashMap<>();
        for (JsonNode i : tree.path("invocations")) {
            invocationJson.put(i.path("invocation_id").asString(""), i);
        }
        Map<String, SpanContext> attemptOfInvocation = new HashMap<>();
        for (GateState g : run.gates()) {
            for (Attempt a : g.attempts()) {
                SpanContext ctx = context(traceId, spanId(run.runId(), "gate/" + g.gate() + "/" + a.attempt()));
                a.invocationIds().forEach(id -> attemptOfInvocation.put(id, ctx));
                long start = nanos(a.startedAt());
                long end = a.finishedAt() != null ? nanos(a.finishedAt()) : runEnd;
                AttributesBuilder aa = Attributes.builder()
                        .put("orun.gate.id", g.gate())
                        .put("orun.gate.attempt", (long) a.attempt())
                        .put("orun.gate.status", a.status().name());
                putIfNotNull(aa, "orun.gate.name", g.name());
                if (a.agent() != null) {
                    aa.put(AGENT, a.agent());
                }
                putIfNotNull(aa, "orun.gate.failure_reason", a.failureReason());
                agentRun(aa, attemptJson(tree, g.gate(), a.attempt()).path("agent_run"));
                aa.put(AttributeKey.longKey("orun.gate.artifacts"), (long) a.artifacts().size());
                List<EventData> events = new ArrayList<>();
                long at = Math.max(start, end);
                for (ValidationResult v : a.validations()) {
                    AttributesBuilder va = Attributes.builder()
                            .put("orun.validation.type", v.type())
                            .put("orun.validation.pass", v.pass())
                            .put("orun.validation.severity", v.severity());
                    putIfNotNull(va, "orun.validation.target", v.target());
                    putIfNotNull(va, "orun.validation.message", v.message());
                    events.add(EventData.create(at, "orun.validation", va.build()));
                }
                StatusData st = a.status() == GateStatus.FAIL
                        ? StatusData.create(StatusCode.ERROR, a.failureReason() == null ? "gate failed" : a.failureReason())
                        : StatusData.unset();
                spans.add(new RecordSpan("gate " + g.gate() + " attempt " + a.attempt(), ctx, root, st, start,
                        Math.max(start, end), aa.build(), events, resource, scope));
            }
        }

        for (Invocation inv : run.invocations()) {
            SpanContext parent = attemptOfInvocation.getOrDefault(inv.invocationId(), attemptByTime(run, traceId, inv, root));
            SpanContext ctx = context(traceId, spanId(run.runId(), "invocation/" + inv.invocationId()));
            boolean model = inv.model() != null;
            String op = model ? "chat" : "invoke_agent";
            AttributesBuilder ia = Attributes.builder()
                    .put(OPERATION, op)
                    .put(AGENT, inv.agent())
                    .put("orun.invocation.id", inv.invocationId())
                    .put("orun.invocation.status", inv.status().name());
            putIfNotNull(ia, "orun.gate.id", inv.gate());
            if (inv.provider() != null) {
                ia.put(PROVIDER, inv.provider());
            }
            if (inv.model() != null) {
                ia.put(MODEL, inv.model());
            }
            if (inv.tokens().total() > 0 || model) {
                ia.put(INPUT_TOKENS, inv.tokens().prompt()).put(OUTPUT_TOKENS, inv.tokens().completion());
            }
            if (inv.costUsd() != null) {
                ia.put("orun.cost_usd", inv.costUsd());
            }
            JsonNode ij = invocationJson.getOrDefault(inv.invocationId(), Json.STRICT.missingNode());
            if (ij.path("tokens").has("cache_read")) {
                ia.put(CACHE_READ, ij.path("tokens").path("cache_read").asLong());
            }
            if (ij.path("tokens").has("cache_creation")) {
                ia.put(CACHE_CREATION, ij.path("tokens").path("cache_creation").asLong());
            }
            if (ij.hasNonNull("stop_reason")) {
                ia.put(FINISH_REASONS, List.of(ij.path("stop_reason").asString()));
            }
            if (ij.hasNonNull("round")) {
                ia.put(AttributeKey.longKey("orun.agent.round"), ij.path("round").asLong());
            }
            if (inv.exitCode() != null) {
                ia.put(EXIT_CODE, (long) inv.exitCode());
            }
            boolean failed = inv.status() == InvocationStatus.FAIL || inv.status() == InvocationStatus.INTERRUPTED;
            if (failed) {
                ia.put(ERROR_TYPE, inv.status() == InvocationStatus.INTERRUPTED ? "interrupted"
                        : inv.exitCode() != null ? "exit_" + inv.exitCode() : "fail");
            }
            long start = nanos(inv.startedAt());
            long end = inv.finishedAt() != null ? nanos(inv.finishedAt()) : Math.max(start, runEnd);
            StatusData st = failed ? StatusData.create(StatusCode.ERROR, inv.reason() == null ? inv.status().name() : inv.reason())
                    : StatusData.unset();
            String name = model ? op + " " + inv.model() : op + " " + inv.agent();
            spans.add(new RecordSpan(name, ctx, parent, st, start, Math.max(start, end), ia.build(), List.of(), resource, scope));
        }
        return spans;
    }

    private static JsonNode attemptJson(JsonNode tree, String gate, int attempt) {
        for (JsonNode g : tree.path("gates")) {
            if (gate.equals(g.path("gate").asString())) {
                for (JsonNode a : g.path("attempts")) {
                    if (a.path("attempt").asInt() == attempt) {
                        return a;
                    }
                }
            }
        }
        return Json.STRICT.missingNode();
    }

    /** A model agent's attempt ({@code agent_run}): model, why it stopped, tokens against its budget. */
    private static void agentRun(AttributesBuilder b, JsonNode ar) {
        if (!ar.isObject()) {
            return;
        }
        b.put(MODEL, ar.path("model").asString());
        b.put(PROVIDER, ar.path("provider").asString());
        b.put(FINISH_REASONS, List.of(ar.path("stop_reason").asString()));
        b.put("orun.agent_run.stop_reason", ar.path("stop_reason").asString());
        b.put(INPUT_TOKENS, ar.path("input_tokens").asLong());
        b.put(OUTPUT_TOKENS, ar.path("output_tokens").asLong());
        b.put(CACHE_READ, ar.path("cache_read_tokens").asLong());
        b.put(CACHE_CREATION, ar.path("cache_creation_tokens").asLong());
        b.put(AttributeKey.longKey("orun.agent_run.rounds"), ar.path("rounds").asLong());
        b.put(AttributeKey.longKey("orun.budget.max_input_tokens"), ar.path("max_input_tokens").asLong());
        b.put(AttributeKey.longKey("orun.budget.max_output_tokens"), ar.path("max_output_tokens").asLong());
        b.put(AttributeKey.longKey("orun.budget.max_tool_rounds"), ar.path("max_tool_rounds").asLong());
        if (ar.has("cost_usd")) {
            b.put("orun.cost_usd", ar.path("cost_usd").asDouble());
        }
        b.put(AttributeKey.longKey("orun.agent_run.files_written"), (long) ar.path("files_written").size());
    }

    /** For an invocation no attempt lists (e.g. recorded by hand): its gate's last attempt started before it, else the run. */
    private static SpanContext attemptByTime(RunRecord run, String traceId, Invocation inv, SpanContext root) {
        GateState g = inv.gate() == null ? null : run.gate(inv.gate());
        if (g == null) {
            return root;
        }
        Attempt found = null;
        for (Attempt a : g.attempts()) {
            if (!Times.parse(a.startedAt()).isAfter(Times.parse(inv.startedAt()))) {
                found = a;
            }
        }
        return found == null ? root : context(traceId, spanId(run.runId(), "gate/" + g.gate() + "/" + found.attempt()));
    }

    /** The trace id of a run: the first 16 bytes of SHA-256("orun trace " + run id), in hex. */
    public static String traceId(String runId) {
        return Sha256.hex(("orun trace " + runId).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /** A span id from the run id and the span's place in it; never the all-zero id. */
    static String spanId(String runId, String key) {
        String hex = Sha256.hex(("orun span " + runId + " " + key).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return hex.equals("0000000000000000") ? "0000000000000001" : hex;
    }

    private static SpanContext context(String traceId, String spanId) {
        return SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    }

    static long nanos(String iso) {
        Instant t = Times.parse(iso);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String lastEvent(RunRecord run, Instant now) {
        if (!run.status().isFinal() && run.status() != RunStatus.INTERRUPTED && run.status() != RunStatus.PAUSED) {
            return Times.iso(now);
        }
        List<RunEvent> events = run.events();
        return events.isEmpty() ? run.startedAt() : events.get(events.size() - 1).timestamp();
    }

    private static String reasonOfRun(RunRecord run) {
        for (int i = run.events().size() - 1; i >= 0; i--) {
            RunEvent e = run.events().get(i);
            if (e.type().equals("RUN_INTERRUPTED") || e.type().equals("GATE_FAILED")) {
                return ": " + e.message();
            }
        }
        return "";
    }

    private static void putIfNotNull(AttributesBuilder b, String key, String value) {
        if (value != null) {
            b.put(key, value);
        }
    }
}
