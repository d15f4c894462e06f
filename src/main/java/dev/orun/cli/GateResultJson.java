package dev.orun.cli;

import dev.orun.workflow.GateService;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON document of a gate's verdict, the same from gate finish, gate fail, gate exec and agent execute. */
final class GateResultJson {
    private GateResultJson() {
    }

    static Map<String, Object> of(String runId, String gate, GateService.FinishResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", runId);
        doc.put("gate", gate);
        doc.put("status", r.attempt().status());
        doc.put("run_status", r.run().status());
        doc.put("attempt_file", r.attemptFile());
        doc.put("attempt", r.attempt());
        return doc;
    }
}
