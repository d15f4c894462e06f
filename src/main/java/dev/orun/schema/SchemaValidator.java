package dev.orun.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.orun.error.OrunException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one JSON-Schema validator wrapper. Schemas come from {@code contracts/} (bundled into the jar
 * from that folder) and are compiled on first use only, so commands that validate nothing pay nothing.
 * A bundled schema is compiled once per process (it is part of the jar and cannot change while orun runs),
 * and may be compiled ahead on another thread with {@link #precompile}; a compiled schema is thread-safe.
 */
public final class SchemaValidator {
    public static final String RUN = "run.schema.json";
    public static final String WORKFLOW = "workflow.schema.json";

    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

    /**
     * Which file contents passed which bundled schema before ({@code store/ValidatedFiles}): a workflow or contract
     * file read again byte for byte needs no validator (compiling one is most of a write's schema cost).
     */
    public interface Memo {
        boolean holds(String schema, byte[] bytes);

        void remember(String schema, byte[] bytes);

        /** The JSON text of the tree these YAML bytes were parsed to before, or null. */
        default byte[] yamlTree(byte[] yaml) {
            return null;
        }

        /** Notes the JSON text of the tree of these YAML bytes. */
        default void rememberYamlTree(byte[] yaml, byte[] json) {
        }
    }

    /**
     * A YAML file's tree ({@link Trees#yaml(byte[])}), through the memo: YAML that was parsed before is read back from
     * the JSON text of its tree by {@link TreeReader}. Jackson's YAML parser and snakeyaml (~100 classes, lambdas and
     * the scalar resolver's regexes) then never load on a write in a repository whose workflow and orun.yaml are YAML
     * (every {@code orun init}). Only a tree that the JSON text gives back node for node is remembered; what does not
     * parse throws as {@link Trees#yaml(byte[])} does and is never remembered.
     */
    public JsonNode yaml(byte[] bytes) {
        if (memo == null) {
            return Trees.yaml(bytes);
        }
        byte[] known = memo.yamlTree(bytes);
        if (known != null) {
            try {
                return TreeReader.read(known);
            } catch (IllegalArgumentException torn) {
                // a cut or foreign entry: parse the YAML again
            }
        }
        JsonNode tree = Trees.yaml(bytes);
        if (tree != null && tree.isContainer()) {
            try {
                byte[] json = JsonText.prettyBytes(tree);
                if (TreeReader.read(json).equals(tree)) {
                    memo.rememberYamlTree(bytes, json);
                }
            } catch (IllegalArgumentException notJson) {
                // a node JSON text does not hold as such: parsed each time
            }
        }
        return tree;
    }

    private final Memo memo;

    /** A validator that validates every document in full. */
    public SchemaValidator() {
        this(null);
    }

    /** A validator that skips file contents {@code memo} holds as valid (see {@link #validate(String, JsonNode, byte[])}). */
    public SchemaValidator(Memo memo) {
        this.memo = memo;
    }

    /** The same validator without a memo: for what must check everything itself ({@code run verify}). */
    public SchemaValidator withoutMemo() {
        return memo == null ? this : new SchemaValidator();
    }
    /** For schemas given as files or trees (json_schema checks); per validator, as those files may change. */
    private volatile SchemaRegistry registry;

    private SchemaRegistry registry() {
        SchemaRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    registry = newRegistry();
                }
                r = registry;
            }
        }
        return r;
    }

    private static SchemaRegistry newRegistry() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    }

    /** Violations of the bundled schema {@code name} (e.g. {@code run.schema.json}); empty when valid. */
    public List<Violation> validate(String name, JsonNode document) {
        return toViolations(compiled(name).validate(document));
    }

    /**
     * Violations of the bundled schema {@code name} by {@code document}, parsed from the file contents {@code bytes}.
     * With a memo, contents that passed this build's schemas before are not validated again (no violations), and
     * contents that pass now are remembered; without one, as {@link #validate(String, JsonNode)}.
     */
    public List<Violation> validate(String name, JsonNode document, byte[] bytes) {
        if (memo == null || bytes == null) {
            return validate(name, document);
        }
        if (memo.holds(name, bytes)) {
            return List.of();
        }
        List<Violation> violations = validate(name, document);
        if (violations.isEmpty()) {
            memo.remember(name, bytes);
        }
        return violations;
    }

    /** The small validator of each bundled schema it supports (an empty Optional when it does not). */
    private static final Map<String, java.util.Optional<SmallValidator>> SMALL = new ConcurrentHashMap<>();

    /**
     * As {@link #validate(String, JsonNode)}, for the check a write makes of what it writes: a document that the
     * {@link SmallValidator small validator} finds valid is not given to the full one, which is then never loaded
     * (most of a write's cost); any other document, and every document of a schema the small validator does not
     * support, is validated in full, whose verdict and messages count.
     */
    public List<Violation> check(String name, JsonNode document) {
        java.util.Optional<SmallValidator> small = SMALL.get(name);
        if (small == null) { // not computeIfAbsent's lambda: the everyday writes run none (docs/performance.md)
            try {
                small = java.util.Optional.of(new SmallValidator(bundled(name)));
            } catch (IllegalArgumentException e) {
                small = java.util.Optional.empty();
            }
            java.util.Optional<SmallValidator> raced = SMALL.putIfAbsent(name, small);
            small = raced != null ? raced : small;
        }
        if (small.isPresent() && small.get().valid(document)) {
            return List.of();
        }
        return validate(name, document);
    }

    /** Whether the small validator supports the bundled schema {@code name} (SmallValidatorTest holds run.schema.json to it). */
    static boolean smallSupports(String name) {
        try {
            new SmallValidator(bundled(name));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Compiles the bundled schema {@code name} now (e.g. on a warm-up thread) so a later validate need not. */
    public static void precompile(String name) {
        compiled(name);
    }

    private static Schema compiled(String name) {
        Schema schema = COMPILED.get(name);
        return schema != null ? schema : COMPILED.computeIfAbsent(name, SchemaValidator::load);
    }

    /** Violations of a schema file on disk (for the {@code json_schema} validation type). */
    public List<Violation> validateAgainstFile(Path schemaFile, JsonNode document) {
        JsonNode schemaNode = Json.LENIENT.readTree(schemaFile.toFile());
        Schema schema = registry().getSchema(SchemaLocation.of(schemaFile.toUri().toString()), schemaNode);
        return toViolations(schema.validate(document));
    }

    /** Violations of a schema given as a tree (e.g. a section schema derived from a bundled one). */
    public List<Violation> validateAgainst(JsonNode schemaNode, JsonNode document) {
        return toViolations(registry().getSchema(schemaNode).validate(document));
    }

    /** Schemas given as trees and compiled once, by identity (for a server's request schemas). */
    private final Map<JsonNode, Schema> compiledTrees = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** As {@link #validateAgainst}, compiling each schema tree (the same object) only once. */
    public List<Violation> validateAgainstCompiled(JsonNode schemaNode, JsonNode document) {
        Schema schema = compiledTrees.computeIfAbsent(schemaNode, n -> registry().getSchema(n));
        return toViolations(schema.validate(document));
    }

    /** The bundled schema as a tree (e.g. to send a section schema to an LLM). */
    public static JsonNode bundled(String name) {
        if (name.equals(RUN)) {
            return Trees.json(dev.orun.BuildInfo.RUN_SCHEMA.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (InputStream in = open(name)) {
            return Trees.json(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema load(String name) {
        return newRegistry().getSchema(bundled(name));
    }

    private static InputStream open(String name) {
        InputStream in = SchemaValidator.class.getResourceAsStream("/contracts/" + name);
        if (in == null) {
            throw new OrunException(dev.orun.error.Exit.INVALID,
                    "contracts/" + name + ": schema missing from the build; rebuild orun with ./orun");
        }
        return in;
    }

    private static List<Violation> toViolations(List<Error> errors) {
        List<Violation> out = new ArrayList<>(errors.size());
        for (Error e : errors) {
            String pointer = pointer(e.getInstanceLocation());
            String property = e.getProperty();
            // "required" and "additionalProperties" name the property in the message; point at it.
            if (property != null && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword()))) {
                pointer = pointer + "/" + escape(property);
            }
            out.add(new Violation(pointer, cleanMessage(e)));
        }
        return out;
    }

    private static String cleanMessage(Error e) {
        String message = e.getMessage();
        // networknt prefixes messages with the instance location in its own syntax; we give a pointer instead.
        int colon = message.indexOf(": ");
        if (colon > 0 && message.startsWith("$")) {
            message = message.substring(colon + 2);
        }
        return message;
    }

    static String pointer(NodePath path) {
        if (path == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            sb.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return sb.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
