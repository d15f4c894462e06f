package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.VersionProvider;
import dev.orun.error.OrunException;
import dev.orun.observe.OtlpExport;
import dev.orun.observe.RunTrace;
import dev.orun.run.Durations;
import dev.orun.run.RunRecord;
import dev.orun.store.LoadedRun;
import dev.orun.store.RunLister;
import dev.orun.store.RunQuery;
import dev.orun.store.RunSummary;
import io.opentelemetry.sdk.trace.data.SpanData;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code orun run export --otlp FILE|URL}: runs as OpenTelemetry traces. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export runs as OpenTelemetry traces, to an OTLP/HTTP collector or an OTLP/JSON lines file.",
                "The run is the root span, gate attempts and invocations its children (GenAI attributes),",
                "validations are events. Ids come from the run id: a re-export sends the same spans.",
                "OTEL_EXPORTER_OTLP_HEADERS adds request headers. See docs/observability.md."})
public final class RunExportCommand implements Runnable {
    private final Services services;

    public RunExportCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--otlp", required = true, paramLabel = "FILE|URL",
            description = "Where to: an OTLP/HTTP collector (http://localhost:4318) or a .jsonl file.")
    String otlp;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--run", paramLabel = "ID", description = "This run (id or unique prefix).")
        String run;

        @Option(names = "--since", paramLabel = "DATE|DURATION", description = "Every run started since (2026-01-20, 7d).")
        String since;
    }

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Per OTLP/HTTP request (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public void run() {
        List<RunRecord> runs = new ArrayList<>();
        if (which.run != null) {
            runs.add(services.store().read(services.store().resolveId(which.run)));
        } else {
            RunQuery q = new RunQuery(null, null, RunQuery.parseSince(which.since, services.ctx().clock()), null, null);
            for (RunSummary s : new RunLister(services.store()).list(q, w -> global.err().println("orun: warning: " + w))) {
                if (s.legacy()) {
                    global.err().println("orun: warning: " + s.runId() + " is a legacy record (Node runner): not exported");
                    continue;
                }
                LoadedRun loaded = services.store().load(s.runId());
                runs.add(loaded.record());
            }
        }
        RunTrace trace = new RunTrace(VersionProvider.version().replaceFirst("^orun ", ""));
        List<List<SpanData>> spans = new ArrayList<>();
        int count = 0;
        for (RunRecord r : runs) {
            List<SpanData> s = trace.spans(r, services.ctx().clock().instant());
            count += s.size();
            spans.add(s);
        }
        String where;
        Integer requests = null;
        if (OtlpExport.isUrl(otlp)) {
            Map<String, String> headers = OtlpExport.headers(services.ctx().env("OTEL_EXPORTER_OTLP_HEADERS"));
            headers.putAll(OtlpExport.headers(services.ctx().env("OTEL_EXPORTER_OTLP_TRACES_HEADERS")));
            requests = spans.isEmpty() ? 0 : OtlpExport.send(spans, otlp, headers, Durations.parse(timeout, "--timeout"));
            where = OtlpExport.endpoint(otlp);
        } else {
            if (otlp.isBlank()) {
                throw OrunException.usage("--otlp is empty: give a file (traces.jsonl) or a collector URL (http://localhost:4318)");
            }
            Path file = services.ctx().cwd().resolve(otlp);
            OtlpExport.writeFile(spans, file);
            where = otlp;
        }
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("target", where);
            doc.put("runs", runs.stream().map(r -> Map.of("run_id", r.runId(), "trace_id", RunTrace.traceId(r.runId()))).toList());
            doc.put("spans", count);
            doc.put("requests", requests);
            global.printJson(doc);
            return;
        }
        for (RunRecord r : runs) {
            global.out().println(r.runId() + "  trace " + RunTrace.traceId(r.runId()));
        }
        global.out().println("exported " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + ", " + count + " spans to " + where);
    }
}
