package dev.orun.gate;

import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in validation types live in {@link Checks}; the contract schema lists them again for editors and
 * readers. This holds the two together: a type added to one and not the other fails here.
 */
class ValidationTypesSchemaTest {
    private static JsonNode typeField() throws Exception {
        try (InputStream in = Checks.class.getResourceAsStream("/contracts/gate-contract.schema.json")) {
            return Json.LENIENT.readTree(in).path("$defs").path("validation");
        }
    }

    @Test
    void the_schemas_examples_are_the_built_in_types_in_order() throws Exception {
        List<String> examples = new ArrayList<>();
        typeField().path("properties").path("type").path("examples").forEach(e -> examples.add(e.asString()));
        assertEquals(Checks.TYPES, examples, "contracts/gate-contract.schema.json $defs/validation/properties/type/examples");
    }

    @Test
    void the_schemas_description_names_exactly_the_built_in_types() throws Exception {
        String description = typeField().path("properties").path("type").path("description").asString();
        Set<String> named = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\b[a-z]+(?:_[a-z]+)+\\b|\\b(?:matches|command)\\b").matcher(description);
        while (m.find()) {
            if (!m.group().equals("validation_types")) {
                named.add(m.group());
            }
        }
        assertEquals(new LinkedHashSet<>(Checks.TYPES), named,
                "contracts/gate-contract.schema.json $defs/validation/properties/type/description");
    }

    @Test
    void every_per_type_rule_of_the_schema_is_for_a_built_in_type() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (JsonNode rule : typeField().path("allOf")) {
            String type = rule.path("if").path("properties").path("type").path("const").asString(null);
            if (type != null && !Checks.TYPES.contains(type)) {
                unknown.add(type);
            }
        }
        assertEquals(List.of(), unknown, "if/then rules in contracts/gate-contract.schema.json for types Checks does not know");
    }

    @Test
    void every_built_in_type_has_a_check_and_a_section_in_the_contracts_doc() throws Exception {
        String doc = Files.readString(Path.of("docs/contracts.md"));
        List<String> undocumented = new ArrayList<>();
        for (String type : Checks.TYPES) {
            assertTrue(Checks.forType(type) != null, type);
            if (!doc.contains("`" + type + "`")) {
                undocumented.add(type);
            }
        }
        assertEquals(List.of(), undocumented, "docs/contracts.md does not describe these types");
    }
}
