package dev.orun.workflow;

import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A fixture's {@code manifest.json} (the seed's format, {@code contracts/fixture-manifest.schema.json}): what it
 * tests, the fixture it {@code extends}, the files it {@code exclude}s and its assertions; plus orun's optional
 * {@code slug}, {@code depth} and {@code vars}, which default to what the seed's suite uses.
 */
public record FixtureManifest(String description, String extendsName, List<String> exclude, List<Assertion> assertions,
                              String slug, String depth, Map<String, String> vars) {
    public static final String SCHEMA = "fixture-manifest.schema.json";
    /** The seed's regression suite gives every fixture the slug {@code test-fixture} at depth {@code standard}. */
    public static final String DEFAULT_SLUG = "test-fixture";
    public static final String DEFAULT_DEPTH = "standard";

    public FixtureManifest {
        requireNonNull(description, "description");
        exclude = List.copyOf(exclude);
        assertions = List.copyOf(assertions);
        slug = slug == null ? DEFAULT_SLUG : slug;
        depth = depth == null ? DEFAULT_DEPTH : depth;
        vars = Map.copyOf(vars);
    }

    /** One expectation: {@code expect} is pass, fail or warn; {@code pointer} is where it is in the manifest. */
    public record Assertion(String gate, String expect, String reason, String pointer) {
        public Assertion {
            requireNonNull(gate, "gate");
            requireNonNull(expect, "expect");
        }
    }

    /**
     * Reads and validates a manifest; a file that is not JSON or breaks the schema is exit 4 with every problem,
     * each naming the file, the JSON pointer and the fix.
     */
    public static FixtureManifest read(Path file, String shown, SchemaValidator schemas) {
        JsonNode tree;
        try {
            tree = Json.LENIENT.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shown + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw OrunException.invalid(shown + ": not valid JSON" + SyntaxProblem.ofJson(e).sentence());
        }
        List<String> problems = problems(tree, schemas);
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (String p : problems) {
                sb.append(sb.length() == 0 ? "" : "\n").append(shown).append(' ').append(p)
                        .append(": fix the manifest (schema: contracts/").append(SCHEMA).append(")");
            }
            throw OrunException.invalid(sb.toString());
        }
        List<String> exclude = new ArrayList<>();
        tree.path("exclude").forEach(x -> exclude.add(x.asString()));
        List<Assertion> assertions = new ArrayList<>();
        JsonNode as = tree.get("assertions");
        for (int i = 0; i < as.size(); i++) {
            JsonNode a = as.get(i);
            assertions.add(new Assertion(a.get("gate").asString(), a.get("expect").asString(),
                    a.has("reason") ? a.get("reason").asString() : null, "/assertions/" + i));
        }
        Map<String, String> vars = new LinkedHashMap<>();
        JsonNode v = tree.get("vars");
        if (v != null) {
            v.properties().forEach(e -> vars.put(e.getKey(), e.getValue().asString()));
        }
        return new FixtureManifest(tree.get("description").asString(), text(tree, "extends"), exclude, assertions,
                text(tree, "slug"), text(tree, "depth"), vars);
    }

    /** Every schema problem as "pointer: message"; unknown fields named first, as the contract loader does. */
    static List<String> problems(JsonNode tree, SchemaValidator schemas) {
        List<String> out = new ArrayList<>();
        if (tree == null || !tree.isObject()) {
            out.add("/: is not a JSON object; a manifest needs 'description' and 'assertions'");
            return out;
        }
        for (Violation v : schemas.validate(SCHEMA, tree)) {
            String pointer = v.pointer().isEmpty() ? "/" : v.pointer();
            if (v.message().contains("is not defined in the schema") || v.message().contains("not defined")) {
                out.add(pointer + ": unknown field '" + pointer.substring(pointer.lastIndexOf('/') + 1)
                        + "' (known: description, extends, exclude, assertions, slug, depth, vars)");
            } else {
                out.add(pointer + ": " + v.message());
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? null : v.asString();
    }
}
