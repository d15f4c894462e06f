package dev.orun.observe;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file form of {@code run export --otlp}: one run's spans as an OTLP {@code TracesData} built with the protocol's
 * own classes ({@code io.opentelemetry.proto}), printed as one JSON line by protobuf's {@link JsonFormat} the way the
 * OTLP "JSON Protobuf Encoding" asks: lowerCamelCase field names, enums as integers, 64-bit integers as strings, and
 * trace and span ids as hex — the one point where OTLP/JSON departs from the proto3 JSON mapping (which gives bytes
 * in base64), so those three fields are re-encoded after printing.
 */
final class OtlpJsonLines {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();
    private static final Pattern IDS = Pattern.compile("(?<!\\\\)\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");

    private OtlpJsonLines() {
    }

    /** One run's spans (all of one resource and scope, as {@link RunTrace} makes them) as TracesData. */
    static TracesData tracesData(List<SpanData> spans) {
        TracesData.Builder td = TracesData.newBuilder();
        if (spans.isEmpty()) {
            return td.build();
        }
        SpanData first = spans.get(0);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                .setName(first.getInstrumentationScopeInfo().getName())
                .setVersion(nullToEmpty(first.getInstrumentationScopeInfo().getVersion())));
        for (SpanData s : spans) {
            scope.addSpans(span(s));
        }
        td.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(attributes(first.getResource().getAttributes())))
                .addScopeSpans(scope));
        return td.build();
    }

    /** The TracesData as one OTLP/JSON line (without its newline). */
    static String line(TracesData td) {
        String json;
        try {
            json = PRINTER.print(td);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("TracesData without Any fields failed to print: " + e.getMessage(), e);
        }
        Matcher m = IDS.matcher(json);
        StringBuilder out = new StringBuilder(json.length());
        while (m.find()) {
            String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(m.group(2)));
            m.appendReplacement(out, Matcher.quoteReplacement("\"" + m.group(1) + "\":\"" + hex + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Span span(SpanData s) {
        Span.Builder b = Span.newBuilder()
                .setTraceId(ByteString.fromHex(s.getTraceId()))
                .setSpanId(ByteString.fromHex(s.getSpanId()))
                .setName(s.getName())
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(s.getStartEpochNanos())
                .setEndTimeUnixNano(s.getEndEpochNanos())
                .addAllAttributes(attributes(s.getAttributes()))
                .setFlags(s.getSpanContext().getTraceFlags().asByte() & 0xff);
        if (s.getParentSpanContext().isValid()) {
            b.setParentSpanId(ByteString.fromHex(s.getParentSpanId()));
        }
        for (EventData e : s.getEvents()) {
            b.addEvents(Span.Event.newBuilder().setTimeUnixNano(e.getEpochNanos()).setName(e.getName())
                    .addAllAttributes(attributes(e.getAttributes())));
        }
        if (s.getStatus().getStatusCode() != StatusCode.UNSET) {
            b.setStatus(Status.newBuilder()
                    .setCode(s.getStatus().getStatusCode() == StatusCode.ERROR ? Status.StatusCode.STATUS_CODE_ERROR
                            : Status.StatusCode.STATUS_CODE_OK)
                    .setMessage(nullToEmpty(s.getStatus().getDescription())));
        }
        return b.build();
    }

    private static List<KeyValue> attributes(Attributes attributes) {
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<AttributeKey<?>, Object> e : attributes.asMap().entrySet()) {
            out.add(KeyValue.newBuilder().setKey(e.getKey().getKey()).setValue(value(e.getValue())).build());
        }
        return out;
    }

    private static AnyValue value(Object v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        if (v instanceof String s) {
            b.setStringValue(s);
        } else if (v instanceof Boolean x) {
            b.setBoolValue(x);
        } else if (v instanceof Long x) {
            b.setIntValue(x);
        } else if (v instanceof Double x) {
            b.setDoubleValue(x);
        } else if (v instanceof List<?> list) {
            ArrayValue.Builder a = ArrayValue.newBuilder();
            list.forEach(item -> a.addValues(value(item)));
            b.setArrayValue(a);
        } else {
            b.setStringValue(String.valueOf(v));
        }
        return b.build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
