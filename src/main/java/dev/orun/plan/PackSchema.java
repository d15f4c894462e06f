package dev.orun.plan;

import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one pack schema, {@code contracts/architecture-pack.schema.json}, and the section schemas derived from it:
 * a section's schema is an object whose properties are the pack's {@code $defs} of the section's fields, so the
 * rules live in one file only.
 */
public final class PackSchema {
    public static final String NAME = "architecture-pack.schema.json";

    private final JsonNode pack = SchemaValidator.bundled(NAME);
    private final Map<PlanSection, ObjectNode> sections = new ConcurrentHashMap<>();

    /** The self-contained JSON Schema of a section's answer (no $ref: it travels in requests to models). */
    public ObjectNode section(PlanSection section) {
        return sections.computeIfAbsent(section, this::derive).deepCopy();
    }

    private ObjectNode derive(PlanSection section) {
        ObjectNode schema = Json.STRICT.createObjectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (String field : section.fields()) {
            JsonNode def = pack.get("$defs").get(field);
            if (def == null) {
                throw new IllegalStateException(NAME + " has no $defs/" + field);
            }
            ObjectNode copy = (ObjectNode) def.deepCopy();
            if (field.equals("prd")) {
                // orun fills prd.raw_text with the PRD itself; the model gives the title and summary.
                ((ObjectNode) copy.get("properties")).remove("raw_text");
                ArrayNode req = Json.STRICT.createArrayNode();
                copy.get("required").forEach(r -> {
                    if (!r.asString().equals("raw_text")) {
                        req.add(r);
                    }
                });
                copy.set("required", req);
            }
            props.set(field, copy);
            required.add(field);
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
