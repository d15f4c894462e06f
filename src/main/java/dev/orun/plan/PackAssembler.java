package dev.orun.plan;

import dev.orun.schema.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** Puts the answered sections together with the run, the tool and the PRD into one architecture pack. */
final class PackAssembler {
    static final String PACK_VERSION = "0.1";
    /** The pack's fields the sections answer, in the pack's order. */
    private static final List<String> SECTION_FIELDS = List.of("clarifications", "actors", "workflows", "requirements",
            "entities", "integrations", "nfrs", "architecture", "refinement", "implementation", "assumptions",
            "open_questions", "coverage", "trace");

    private PackAssembler() {
    }

    static JsonNode assemble(String runId, String createdAt, String toolVersion, String prd, ObjectNode sections) {
        ObjectNode pack = Json.STRICT.createObjectNode();
        pack.put("pack_version", PACK_VERSION);
        pack.put("run_id", runId);
        pack.put("created_at", createdAt);
        ObjectNode tool = pack.putObject("tool");
        tool.put("name", "orun");
        tool.put("version", toolVersion);
        ObjectNode p = pack.putObject("prd");
        JsonNode answered = sections.path("prd");
        if (answered.hasNonNull("title")) {
            p.set("title", answered.get("title"));
        }
        p.put("raw_text", prd);
        p.set("summary", answered.get("summary"));
        pack.putObject("org_constraints");
        for (String field : SECTION_FIELDS) {
            if (sections.has(field)) {
                pack.set(field, sections.get(field));
            }
        }
        return pack;
    }
}
