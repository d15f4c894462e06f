package dev.orun.serve;

import dev.orun.schema.SyntaxProblem;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Request bodies checked against the schemas of {@code contracts/serve-api.openapi.json} (its
 * {@code components/schemas}, which are JSON Schema 2020-12): the API's description is the one place its rules live.
 */
final class RequestSchemas {
    static final String OPENAPI = "serve-api.openapi.json";

    private final SchemaValidator validator;
    private final JsonNode components;

    RequestSchemas(SchemaValidator validator) {
        this.validator = validator;
        this.components = inlined(bundled().path("components").path("schemas"));
    }

    /**
     * The component schemas with every {@code #/components/schemas/X} reference replaced by X itself, so each is a
     * schema of its own (the validator resolves a "#..." reference against the schema, not against the API
     * description). The description's references do not recurse.
     */
    static JsonNode inlined(JsonNode components) {
        tools.jackson.databind.node.ObjectNode out = Json.STRICT.createObjectNode();
        components.properties().forEach(e -> out.set(e.getKey(), inline(e.getValue(), components, 0)));
        return out;
    }

    private static JsonNode inline(JsonNode n, JsonNode components, int depth) {
        if (depth > 32) {
            throw new IllegalStateException("contracts/" + OPENAPI + ": component references nest too deep (a cycle?)");
        }
        if (n.isObject()) {
            String ref = n.path("$ref").asString("");
            if (ref.startsWith("#/components/schemas/")) {
                JsonNode target = components.get(ref.substring("#/components/schemas/".length()));
                if (target == null) {
                    throw new IllegalStateException("contracts/" + OPENAPI + ": no schema for " + ref);
                }
                return inline(target, components, depth + 1);
            }
            tools.jackson.databind.node.ObjectNode o = Json.STRICT.createObjectNode();
            n.properties().forEach(e -> o.set(e.getKey(), inline(e.getValue(), components, depth + 1)));
            return o;
        }
        if (n.isArray()) {
            tools.jackson.databind.node.ArrayNode a = Json.STRICT.createArrayNode();
            n.forEach(x -> a.add(inline(x, components, depth + 1)));
            return a;
        }
        return n;
    }

    /** The API description bundled from contracts/. */
    static JsonNode bundled() {
        try (InputStream in = RequestSchemas.class.getResourceAsStream("/contracts/" + OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException("contracts/" + OPENAPI + " missing from the build; rebuild orun");
            }
            return Json.STRICT.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as JSON when it is an object, else null (to choose the schema it is checked against). */
    static JsonNode peek(byte[] body) {
        try {
            JsonNode n = Json.STRICT.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Parses {@code body} and checks it against the component schema {@code name}; an empty body is {@code {}}. */
    JsonNode parse(byte[] body, String name) {
        JsonNode tree;
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            tree = Json.STRICT.createObjectNode();
        } else {
            try {
                tree = Json.STRICT.readTree(body);
            } catch (JacksonException e) {
                throw ApiException.badRequest("the body is not JSON" + SyntaxProblem.ofJson(e).sentence() + "; send a JSON object as described by " + name
                        + " in contracts/" + OPENAPI, "");
            }
        }
        JsonNode schema = components.get(name);
        if (schema == null) {
            throw new IllegalStateException("no schema " + name + " in contracts/" + OPENAPI);
        }
        List<Violation> violations = validator.validateAgainstCompiled(schema, tree);
        if (!violations.isEmpty()) {
            Violation v = violations.get(0);
            String pointer = v.pointer().isEmpty() ? "/" : v.pointer();
            throw ApiException.badRequest("body " + pointer + ": " + v.message()
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "")
                    + ": fix the field (schema " + name + " in contracts/" + OPENAPI + "); nothing was written", pointer);
        }
        return tree;
    }
}
