package dev.orun.observe;

import com.google.protobuf.util.JsonFormat;
import dev.orun.cli.OrunCli;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** orun run export --otlp: decoded with the OTLP protocol's own classes, attribute for attribute. */
class RunExportTest {
    @TempDir
    Path dir;

    @StartStop
    final MockWebServer collector = new MockWebServer();

    /** A passed hello pipeline, plus a model invocation recorded on G1. */
    private String passedRun(OrunCli cli) throws Exception {
        cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0);
        String id = new AgentProcessFixture(dir).runs().get(0);
        cli.run("invocation", "record", "--run", id, "--gate", "G2", "--agent", "reviewer", "--model", "claude-sonnet-4-5",
                "--provider", "anthropic", "--tokens-prompt", "1200", "--tokens-completion", "340", "--cost-usd", "0.0123",
                "--duration-ms", "1").assertExit(0);
        return id;
    }

    @Test
    void a_run_exports_over_otlp_http_as_a_span_tree_the_protocol_classes_decode() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = passedRun(cli);
        JsonNode run = new AgentProcessFixture(dir).record(id);
        collector.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "application/x-protobuf").build());
        collector.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "application/x-protobuf").build());

        OrunCli.Result r = cli.env("OTEL_EXPORTER_OTLP_HEADERS", "x-team=orun,authorization=Bearer%20t0k")
                .run("run", "export", "--otlp", collector.url("/").toString(), "--run", id).assertExit(0);
        assertTrue(r.out().contains("trace " + RunTrace.traceId(id)), r.describe());
        RecordedRequest req = collector.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(req);
        assertEquals("POST", req.getMethod());
        assertEquals("/v1/traces", req.getUrl().encodedPath());
        assertEquals("application/x-protobuf", req.getHeaders().get("content-type"));
        assertEquals("orun", req.getHeaders().get("x-team"));
        assertEquals("Bearer t0k", req.getHeaders().get("authorization"));
        byte[] body = req.getBody().toByteArray();
        ExportTraceServiceRequest sent = ExportTraceServiceRequest.parseFrom(body);

        assertEquals(1, sent.getResourceSpansCount());
        ResourceSpans rs = sent.getResourceSpans(0);
        assertEquals("orun", attrs(rs.getResource().getAttributesList()).get("service.name").getStringValue());
        assertTrue(attrs(rs.getResource().getAttributesList()).get("service.version").getStringValue().matches("\\d+\\.\\d+\\.\\d+.*"));
        assertEquals("dev.orun", rs.getScopeSpans(0).getScope().getName());
        List<Span> spans = rs.getScopeSpans(0).getSpansList();
        assertEquals(1 + 2 + 3, spans.size(), "run, two attempts, three invocations: " + names(spans));

        String traceHex = RunTrace.traceId(id);
        for (Span s : spans) {
            assertEquals(traceHex, hex(s.getTraceId().toByteArray()), s.getName());
        }
        Span root = one(spans, "invoke_workflow hello");
        assertTrue(root.getParentSpanId().isEmpty());
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, root.getKind());
        assertEquals(nanos(run.path("started_at").asString()), root.getStartTimeUnixNano());
        assertEquals(nanos(run.path("finished_at").asString()), root.getEndTimeUnixNano());
        Map<String, AnyValue> ra = attrs(root.getAttributesList());
        assertEquals("invoke_workflow", ra.get("gen_ai.operation.name").getStringValue());
        assertEquals(id, ra.get("orun.run.id").getStringValue());
        assertEquals("PASSED", ra.get("orun.run.status").getStringValue());
        assertEquals(1200, ra.get("gen_ai.usage.input_tokens").getIntValue());
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, root.getStatus().getCode());

        for (String gate : List.of("G1", "G2")) {
            Span attempt = one(spans, "gate " + gate + " attempt 1");
            assertEquals(root.getSpanId(), attempt.getParentSpanId(), gate + " attempt is a child of the run");
            JsonNode a = run.path("gates").get(gate.equals("G1") ? 0 : 1).path("attempts").get(0);
            assertEquals(nanos(a.path("started_at").asString()), attempt.getStartTimeUnixNano());
            assertEquals(nanos(a.path("finished_at").asString()), attempt.getEndTimeUnixNano());
            Map<String, AnyValue> aa = attrs(attempt.getAttributesList());
            assertEquals(gate, aa.get("orun.gate.id").getStringValue());
            assertEquals("PASS", aa.get("orun.gate.status").getStringValue());
            assertEquals(1, aa.get("orun.gate.attempt").getIntValue());
            assertEquals(a.path("validations").size(), attempt.getEventsCount(), "one event per validation");
            assertTrue(attempt.getEventsCount() > 0);
            Span.Event ev = attempt.getEvents(0);
            assertEquals("orun.validation", ev.getName());
            Map<String, AnyValue> ea = attrs(ev.getAttributesList());
            assertEquals(a.path("validations").get(0).path("type").asString(), ea.get("orun.validation.type").getStringValue());
            assertTrue(ea.get("orun.validation.pass").getBoolValue());
        }

        Span greeter = one(spans, "invoke_agent greeter");
        assertEquals(one(spans, "gate G1 attempt 1").getSpanId(), greeter.getParentSpanId(), "an invocation is a child of its attempt");
        Map<String, AnyValue> ga = attrs(greeter.getAttributesList());
        assertEquals("invoke_agent", ga.get("gen_ai.operation.name").getStringValue());
        assertEquals("greeter", ga.get("gen_ai.agent.name").getStringValue());
        assertEquals(0, ga.get("process.exit.code").getIntValue());
        JsonNode inv0 = run.path("invocations").get(0);
        assertEquals(nanos(inv0.path("started_at").asString()), greeter.getStartTimeUnixNano());
        assertEquals(nanos(inv0.path("finished_at").asString()), greeter.getEndTimeUnixNano());

        Span model = one(spans, "chat claude-sonnet-4-5");
        Map<String, AnyValue> ma = attrs(model.getAttributesList());
        assertEquals("chat", ma.get("gen_ai.operation.name").getStringValue());
        assertEquals("anthropic", ma.get("gen_ai.provider.name").getStringValue());
        assertEquals("claude-sonnet-4-5", ma.get("gen_ai.request.model").getStringValue());
        assertEquals(1200, ma.get("gen_ai.usage.input_tokens").getIntValue());
        assertEquals(340, ma.get("gen_ai.usage.output_tokens").getIntValue());
        assertEquals("reviewer", ma.get("gen_ai.agent.name").getStringValue());
        assertEquals(0.0123, ma.get("orun.cost_usd").getDoubleValue(), 1e-12);

        // A re-export sends the very same spans: same ids, same bytes.
        cli.run("run", "export", "--otlp", collector.url("/").toString(), "--run", id).assertExit(0);
        RecordedRequest again = collector.takeRequest(5, TimeUnit.SECONDS);
        assertArrayEquals(body, again.getBody().toByteArray());
    }

    @Test
    void the_file_form_is_otlp_json_lines_that_protobuf_json_format_parses_strictly_into_traces_data() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = passedRun(cli);
        String failed = cli.run("run", "start", "--workflow", "hello", "--slug", "broken", "--artifact-path", "out/b").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", failed, "--gate", "G1", "--agent", "greeter").assertExit(0);
        cli.run("gate", "fail", "--run", failed, "--gate", "G1", "--reason", "no greeting written").assertExit(0);

        OrunCli.Result r = cli.run("run", "export", "--otlp", "traces.jsonl", "--since", "1d", "--json").assertExit(0);
        JsonNode doc = Json.STRICT.readTree(r.out());
        assertEquals(2, doc.path("runs").size(), r.describe());
        List<String> lines = Files.readAllLines(dir.resolve("traces.jsonl"));
        assertEquals(2, lines.size(), "one TracesData per run");
        Map<String, TracesData> byRun = new java.util.HashMap<>();
        for (String line : lines) {
            TracesData.Builder b = TracesData.newBuilder();
            JsonFormat.parser().merge(protoJson(line), b); // strict: an unknown field fails
            TracesData td = b.build();
            Span rootSpan = td.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
                    .filter(s -> s.getParentSpanId().isEmpty()).findFirst().orElseThrow();
            byRun.put(attrs(rootSpan.getAttributesList()).get("orun.run.id").getStringValue(), td);
        }
        List<Span> ok = byRun.get(id).getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertEquals(6, ok.size(), names(ok).toString());
        assertEquals(RunTrace.traceId(id), hex(ok.get(0).getTraceId().toByteArray()));
        Span chat = one(ok, "chat claude-sonnet-4-5");
        assertEquals(340, attrs(chat.getAttributesList()).get("gen_ai.usage.output_tokens").getIntValue());
        assertEquals(one(ok, "gate G2 attempt 1").getSpanId(), chat.getParentSpanId());
        // The tree: the run is the root; each attempt its child; each invocation a child of its attempt.
        JsonNode rec = new AgentProcessFixture(dir).record(id);
        Span runSpan = one(ok, "invoke_workflow hello");
        assertTrue(runSpan.getParentSpanId().isEmpty());
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, runSpan.getKind());
        for (int g = 0; g < 2; g++) {
            String gate = "G" + (g + 1);
            Span attempt = one(ok, "gate " + gate + " attempt 1");
            assertEquals(runSpan.getSpanId(), attempt.getParentSpanId(), gate);
            assertEquals("PASS", attrs(attempt.getAttributesList()).get("orun.gate.status").getStringValue());
            assertEquals(rec.at("/gates/" + g + "/attempts/0/validations").size(), attempt.getEventsCount(),
                    "one orun.validation event per validation of " + gate);
            assertEquals("orun.validation", attempt.getEvents(0).getName());
            assertTrue(attrs(attempt.getEvents(0).getAttributesList()).get("orun.validation.pass").getBoolValue());
        }
        for (Span s : ok) {
            assertEquals(RunTrace.traceId(id), hex(s.getTraceId().toByteArray()), s.getName());
            assertTrue(s.getEndTimeUnixNano() >= s.getStartTimeUnixNano(), s.getName());
        }
        // Timestamps are the record's, to the nanosecond of its milliseconds.
        assertEquals(RunTrace.nanos(rec.path("started_at").asString()), runSpan.getStartTimeUnixNano());
        assertEquals(RunTrace.nanos(rec.path("finished_at").asString()), runSpan.getEndTimeUnixNano());
        JsonNode g1Record = rec.at("/gates/0/attempts/0");
        assertEquals(RunTrace.nanos(g1Record.path("started_at").asString()), one(ok, "gate G1 attempt 1").getStartTimeUnixNano());
        Map<String, AnyValue> ca = attrs(chat.getAttributesList());
        assertEquals("chat", ca.get("gen_ai.operation.name").getStringValue());
        assertEquals("anthropic", ca.get("gen_ai.provider.name").getStringValue());
        assertEquals(1200, ca.get("gen_ai.usage.input_tokens").getIntValue());
        assertEquals(0.0123, ca.get("orun.cost_usd").getDoubleValue(), 1e-9);
        assertEquals("orun", attrs(byRun.get(id).getResourceSpans(0).getResource().getAttributesList()).get("service.name").getStringValue());
        assertEquals(RunTrace.SCOPE, byRun.get(id).getResourceSpans(0).getScopeSpans(0).getScope().getName());
        // OTLP/JSON's encoding: enums as integers, 64-bit integers as strings, hex ids.
        String okLine = lines.stream().filter(l -> l.contains(id)).findFirst().orElseThrow();
        assertTrue(okLine.contains("\"kind\":1"), okLine);
        assertTrue(okLine.contains("\"intValue\":\"340\""), okLine);
        assertTrue(okLine.contains("\"traceId\":\"" + RunTrace.traceId(id) + "\""), okLine);
        // Deterministic: a second export writes the very same bytes.
        byte[] first = Files.readAllBytes(dir.resolve("traces.jsonl"));
        cli.run("run", "export", "--otlp", "traces.jsonl", "--since", "1d").assertExit(0);
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("traces.jsonl")));

        List<Span> bad = byRun.get(failed).getResourceSpans(0).getScopeSpans(0).getSpansList();
        Span root = one(bad, "invoke_workflow hello");
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, root.getStatus().getCode());
        Span g1 = one(bad, "gate G1 attempt 1");
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, g1.getStatus().getCode());
        assertEquals("no greeting written", g1.getStatus().getMessage());
        assertEquals("FAILED", attrs(root.getAttributesList()).get("orun.run.status").getStringValue());
    }

    @Test
    void a_collector_that_keeps_failing_is_exit_5_in_one_line_after_the_exporters_retries() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = passedRun(cli);
        for (int i = 0; i < 3; i++) {
            collector.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        }
        OrunCli.Result r = cli.run("run", "export", "--otlp", collector.url("/v1/traces").toString(), "--run", id).assertExit(5);
        assertTrue(r.err().contains("OTLP export to " + collector.url("/v1/traces")) && r.err().contains("failed"), r.describe());
        assertEquals(1, r.err().strip().lines().count(), r.describe());
        assertEquals(3, collector.getRequestCount(), "retried");
    }

    @Test
    void export_needs_a_run_or_a_since() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        OrunCli.Result r = cli.run("run", "export", "--otlp", "t.jsonl").assertExit(2);
        assertTrue(r.err().contains("--run") && r.err().contains("--since"), r.describe());
    }

    /**
     * OTLP/JSON differs from the proto3 JSON mapping in one point (OTLP spec, "JSON Protobuf Encoding"): trace and
     * span ids are hex, not base64. Everything else is parsed by JsonFormat as it is.
     */
    static String protoJson(String otlpLine) {
        JsonNode tree = Json.STRICT.readTree(otlpLine);
        for (JsonNode rs : tree.path("resourceSpans")) {
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode s : ss.path("spans")) {
                    ObjectNode o = (ObjectNode) s;
                    for (String f : List.of("traceId", "spanId", "parentSpanId")) {
                        if (o.has(f)) {
                            String h = o.path(f).asString();
                            assertTrue(h.matches("[0-9a-f]*"), f + " is lower-case hex: " + h);
                            o.put(f, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(h)));
                        }
                    }
                }
            }
        }
        return tree.toString();
    }

    static Map<String, AnyValue> attrs(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    static Span one(List<Span> spans, String name) {
        List<Span> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), "one span named " + name + " in " + names(spans));
        return found.get(0);
    }

    static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::getName).toList();
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static long nanos(String iso) {
        Instant t = Times.parse(iso);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
