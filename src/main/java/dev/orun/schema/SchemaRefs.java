package dev.orun.schema;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The references of a user's JSON Schema (a {@code json_schema} validation's file) that orun will not follow. orun
 * fetches nothing while it checks a gate: a {@code $ref} to a URL or another file would make a verdict depend on the
 * network or on a file the contract does not name. Only references into the same file ({@code #/$defs/…}) are
 * followed; a {@code $schema} must be one of the dialects the validator knows.
 */
public final class SchemaRefs {
    private static final Set<String> DIALECTS = Set.of(
            "https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-04/schema");

    private SchemaRefs() {
    }

    /** Each reference orun will not follow, as "pointer: 'ref' …: fix"; empty when there is none. */
    public static List<String> unfollowed(JsonNode schema) {
        List<String> out = new ArrayList<>();
        walk(schema, "", out);
        return out;
    }

    private static void walk(JsonNode node, String pointer, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, out);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            JsonNode v = e.getValue();
            if ((key.equals("$ref") || key.equals("$dynamicRef")) && v.isString() && !v.asString().startsWith("#")) {
                out.add(at + ": '" + ControlCharacters.printable(v.asString()) + "' refers outside this file, and orun does not "
                        + "fetch schemas (no URL, no other file): copy the referenced schema under \"$defs\" and refer to it "
                        + "as \"#/$defs/NAME\"");
            } else if (key.equals("$schema") && v.isString() && pointer.isEmpty()
                    && !DIALECTS.contains(v.asString().replaceAll("#$", ""))) {
                out.add(at + ": '" + ControlCharacters.printable(v.asString()) + "' is not a JSON Schema dialect orun knows, and "
                        + "orun does not fetch meta-schemas: use \"https://json-schema.org/draft/2020-12/schema\"");
            } else if (!key.equals("const") && !key.equals("enum") && !key.equals("default") && !key.equals("examples")) {
                walk(v, at, out);
            }
        }
    }
}
