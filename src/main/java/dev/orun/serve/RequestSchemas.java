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
        this.components = bundled().path("components").path("schemas");
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
