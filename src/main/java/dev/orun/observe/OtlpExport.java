package dev.orun.observe;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.store.AtomicFiles;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends runs' spans (one list per run) to an OTLP/HTTP endpoint with the SDK's {@link OtlpHttpSpanExporter}, or
 * writes them to a file as OTLP/JSON lines, one {@code TracesData} object per run, as the OpenTelemetry file
 * exporter specification defines (built with the OTLP proto classes, printed by protobuf's JsonFormat: {@link OtlpJsonLines}).
 */
public final class OtlpExport {
    /** Spans per OTLP/HTTP request: many small runs go in a few requests. */
    private static final int BATCH = 512;

    private OtlpExport() {
    }

    public static boolean isUrl(String target) {
        return target.startsWith("http://") || target.startsWith("https://");
    }

    /**
     * The traces endpoint for what the user typed: a bare collector address ({@code http://host:4318}) gets the
     * OTLP/HTTP traces path {@code /v1/traces}; a URL with a path is used as it is.
     */
    public static String endpoint(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw OrunException.usage("--otlp " + url + " is not a URL: " + e.getMessage());
        }
        if (u.getHost() == null) {
            throw OrunException.usage("--otlp " + url + " names no host: use e.g. http://localhost:4318");
        }
        String path = u.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? url.replaceAll("/$", "") + "/v1/traces" : url;
    }

    /** Writes one OTLP/JSON line per run to {@code file}, atomically. */
    public static void writeFile(List<List<SpanData>> runs, Path file) {
        StringBuilder out = new StringBuilder();
        for (List<SpanData> spans : runs) {
            out.append(OtlpJsonLines.line(OtlpJsonLines.tracesData(spans))).append('\n');
        }
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * POSTs the spans as OTLP/HTTP protobuf. {@code headers}: extra request headers (e.g. from
     * {@code OTEL_EXPORTER_OTLP_HEADERS}). A collector that refuses them after the exporter's retries is exit 5.
     * Returns the number of requests sent.
     */
    public static int send(List<List<SpanData>> runs, String url, Map<String, String> headers, Duration timeout) {
        String endpoint = endpoint(url);
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint)
                .setTimeout(timeout)
                .setMeterProvider(MeterProvider::noop)
                .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(3).setInitialBackoff(Duration.ofMillis(300)).build());
        headers.forEach(b::addHeader);
        // The exporter logs its failures through java.util.logging; orun reports them itself, in one line.
        Logger otel = Logger.getLogger("io.opentelemetry");
        Level before = otel.getLevel();
        otel.setLevel(Level.OFF);
        OtlpHttpSpanExporter exporter = b.build();
        int requests = 0;
        try {
            List<SpanData> batch = new ArrayList<>();
            for (List<SpanData> spans : runs) {
                batch.addAll(spans);
                if (batch.size() >= BATCH) {
                    export(exporter, batch, endpoint, timeout);
                    requests++;
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                export(exporter, batch, endpoint, timeout);
                requests++;
            }
        } finally {
            exporter.shutdown().join(5, TimeUnit.SECONDS);
            otel.setLevel(before);
        }
        return requests;
    }

    private static void export(OtlpHttpSpanExporter exporter, List<SpanData> spans, String endpoint, Duration timeout) {
        CompletableResultCode done = exporter.export(spans).join(timeout.toMillis() * 4 + 5000, TimeUnit.MILLISECONDS);
        if (!done.isSuccess()) {
            Throwable why = done.getFailureThrowable();
            throw new OrunException(Exit.EXTERNAL, "OTLP export to " + endpoint + " failed"
                    + (why == null ? (done.isDone() ? "" : ": no answer in time") : ": " + why.getMessage())
                    + ": check that a collector listens there (OTLP/HTTP, e.g. port 4318)");
        }
    }

    /** {@code OTEL_EXPORTER_OTLP_HEADERS}-style {@code k=v,k2=v2} (values URL-decoded), as the SDK's own configuration reads it. */
    public static Map<String, String> headers(String spec) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return m;
        }
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw OrunException.usage("OTEL_EXPORTER_OTLP_HEADERS: '" + part.strip() + "' is not key=value");
            }
            m.put(part.substring(0, eq).strip(), java.net.URLDecoder.decode(part.substring(eq + 1).strip(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return m;
    }
}
