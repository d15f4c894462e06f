package dev.orun.plan;

import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The section schemas come from the one pack schema's $defs, and the sections together produce the whole pack. */
class PackSchemaTest {
    final JsonNode pack = SchemaValidator.bundled(PackSchema.NAME);

    @Test
    void each_section_schema_is_the_packs_defs_of_its_fields() {
        for (PlanSection s : PlanSection.values()) {
            JsonNode schema = new PackSchema().section(s);
            assertEquals(s.fields().size(), schema.get("properties").size(), s.id());
            for (String field : s.fields()) {
                if (!field.equals("prd")) {
                    assertEquals(pack.at("/$defs/" + field), schema.at("/properties/" + field), s.id() + " " + field);
                }
            }
            assertFalse(schema.toString().contains("$ref"), s.id());
        }
        JsonNode prd = new PackSchema().section(PlanSection.CORE).at("/properties/prd");
        assertFalse(prd.get("properties").has("raw_text"));
        assertEquals("[\"summary\"]", prd.get("required").toString());
    }

    @Test
    void sections_and_the_fields_orun_fills_cover_every_pack_field_once() {
        Set<String> seen = new HashSet<>(List.of("pack_version", "run_id", "created_at", "tool", "org_constraints", "design_guidelines"));
        for (PlanSection s : PlanSection.values()) {
            for (String f : s.fields()) {
                assertTrue(seen.add(f), f + " is produced twice");
            }
        }
        Set<String> all = new HashSet<>();
        pack.get("properties").propertyNames().forEach(all::add);
        assertEquals(all, seen);
    }
}
