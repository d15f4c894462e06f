package dev.orun.schema;

import dev.orun.cli.OrunCli;
import dev.orun.cli.Shared;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The small validator a write checks its record with ({@link SchemaValidator#check}) is held to networknt's
 * verdict on run.schema.json: every record shape orun writes is valid for both, and on thousands of mutations of
 * them (a field removed, added, or given another type or value) it never says "valid" where networknt says not.
 */
class SmallValidatorTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final SchemaValidator full = new SchemaValidator();
    private final SmallValidator small = new SmallValidator(SchemaValidator.bundled(SchemaValidator.RUN));

    @Test
    void run_schema_uses_only_keywords_the_small_validator_knows() {
        assertTrue(SchemaValidator.smallSupports(SchemaValidator.RUN),
                "run.schema.json gained a keyword SmallValidator does not know: every write would load networknt");
    }

    @Test
    void a_schema_with_another_keyword_or_a_remote_ref_is_refused_when_loaded() {
        assertThrows(IllegalArgumentException.class, () -> new SmallValidator(Json.STRICT.readTree("{\"maxLength\": 3}")));
        assertThrows(IllegalArgumentException.class, () -> new SmallValidator(Json.STRICT.readTree(
                "{\"properties\": {\"a\": {\"format\": \"date-time\"}}}")));
        assertThrows(IllegalArgumentException.class, () -> new SmallValidator(Json.STRICT.readTree(
                "{\"$ref\": \"https://example.com/s.json\"}")));
    }

    /** Records orun writes at each step of two runs (one passed, one failed and forced), and the seed's legacy ones. */
    private static List<JsonNode> corpus(Path dir) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        List<JsonNode> out = new ArrayList<>();
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "small", "--artifact-path", "out/small",
                "--var", "lang=en", "--depth", "deep").assertExit(0).lastLine();
        Path runJson = dir.resolve("orchestration/runs/" + id + "/record/RUN.json");
        Consumer<String[]> step = args -> {
            cli.run(args).assertExit(0);
            try {
                out.add(Json.STRICT.readTree(Files.readAllBytes(runJson)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        out.add(Json.STRICT.readTree(Files.readAllBytes(runJson)));
        step.accept(new String[]{"invocation", "record", "--run", id, "--gate", "G1", "--agent", "greeter", "--model", "m1",
                "--provider", "p1", "--tokens-prompt", "100", "--tokens-completion", "20", "--cost-usd", "0.25", "--duration-ms", "1500"});
        step.accept(new String[]{"gate", "start", "--run", id, "--gate", "G1", "--agent", "me"});
        step.accept(new String[]{"gate", "fail", "--run", id, "--gate", "G1", "--reason", "not yet — ünïcode"});
        Files.createDirectories(dir.resolve("out/small"));
        Files.writeString(dir.resolve("out/small/GREETING.md"), "# Hello\n\nHello from orun.\n");
        step.accept(new String[]{"gate", "start", "--run", id, "--gate", "G1", "--reopen", "--force"});
        step.accept(new String[]{"gate", "start", "--run", id, "--gate", "G1", "--force"});
        step.accept(new String[]{"gate", "finish", "--run", id, "--gate", "G1"});
        step.accept(new String[]{"run", "complete", "--run", id, "--status", "CANCELED"});
        Path legacy = Shared.compat("esy-runner/orchestration/runs");
        if (Files.isDirectory(legacy)) {
            try (Stream<Path> s = Files.walk(legacy)) {
                for (Path f : s.filter(p -> p.getFileName().toString().equals("RUN.json")).sorted().limit(1).toList()) {
                    out.add(Json.STRICT.readTree(Files.readAllBytes(f)));
                }
            }
        }
        return out;
    }

    @Test
    void every_record_orun_writes_is_valid_for_both_and_no_mutation_is_valid_for_the_small_one_alone(@TempDir Path dir) throws IOException {
        List<JsonNode> records = corpus(dir);
        int rejected = 0;
        int total = 0;
        List<String> lenient = new ArrayList<>();
        List<String> disagree = new ArrayList<>();
        for (JsonNode record : records) {
            assertTrue(full.validate(SchemaValidator.RUN, record).isEmpty(), "networknt: " + record);
            assertTrue(small.valid(record), "a record orun wrote is not valid for the small validator: " + record);
        }
        // The first record, one after a failed gate, the last (every shape: attempts, invocations, artifacts, the end),
        // and the legacy ones: each node of them mutated.
        List<JsonNode> mutated = new ArrayList<>(List.of(records.get(0), records.get(3), records.get(7)));
        mutated.addAll(records.subList(8, records.size()));
        for (JsonNode record : mutated) {
            for (Mutation m : mutations(record)) {
                total++;
                boolean fullValid = full.validate(SchemaValidator.RUN, m.doc).isEmpty();
                boolean smallValid = small.valid(m.doc);
                if (!fullValid) {
                    rejected++;
                }
                if (smallValid && !fullValid) {
                    lenient.add(m.what);
                } else if (smallValid != fullValid && !m.trailingNewline) {
                    disagree.add(m.what + " (networknt: " + fullValid + ")");
                }
            }
        }
        assertEquals(List.of(), lenient, "the small validator let through what run.schema.json refuses");
        // Stricter only where it means to be ('$' at the very end): anywhere else it would send valid writes to networknt.
        assertEquals(List.of(), disagree, "the small validator refused what run.schema.json accepts");
        assertTrue(total > 5000 && rejected > total / 3, total + " mutations, " + rejected + " invalid: too few to hold it");
    }

    record Mutation(String what, JsonNode doc, boolean trailingNewline) {
    }

    /** Every node of the record removed, replaced by a value of each other type, and, for strings, edited. */
    private static List<Mutation> mutations(JsonNode record) {
        List<Mutation> out = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        collect(record, "", pointers);
        for (String p : pointers) {
            JsonNode node = record.at(p);
            List<JsonNode> values = new ArrayList<>(List.of(NODES.nullNode(), NODES.numberNode(0), NODES.numberNode(-1),
                    NODES.numberNode(1.5), NODES.numberNode(2.0), NODES.stringNode(""), NODES.stringNode("x"),
                    NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode()));
            if (node.isString()) {
                String s = node.asString();
                values.add(NODES.stringNode(s + "!"));
                values.add(NODES.stringNode(s.toUpperCase(java.util.Locale.ROOT)));
                values.add(NODES.stringNode(s.isEmpty() ? "" : s.substring(1)));
                values.add(NODES.stringNode("A" + s));
            }
            if (node.isNumber()) {
                values.add(NODES.numberNode(node.asLong() + 1));
                values.add(NODES.stringNode(node.asString()));
            }
            for (JsonNode v : values) {
                out.add(new Mutation(p + " = " + v, replaced(record, p, v), false));
            }
            if (node.isString()) {
                out.add(new Mutation(p + " + \\n", replaced(record, p, NODES.stringNode(node.asString() + "\n")), true));
            }
            if (!p.isEmpty()) {
                out.add(new Mutation(p + " removed", replaced(record, p, null), false));
            }
            if (node.isObject()) {
                ObjectNode extra = (ObjectNode) node.deepCopy();
                extra.put("zz_unknown", "x");
                out.add(new Mutation(p + " + zz_unknown", replaced(record, p, extra), false));
            }
            if (node.isArray() && !node.isEmpty()) {
                ArrayNode more = (ArrayNode) node.deepCopy();
                more.add(node.get(0).deepCopy());
                out.add(new Mutation(p + " + a copy of its first item", replaced(record, p, more), false));
                more = (ArrayNode) node.deepCopy();
                more.add(NODES.stringNode("x"));
                out.add(new Mutation(p + " + \"x\"", replaced(record, p, more), false));
            }
        }
        return out;
    }

    private static void collect(JsonNode node, String pointer, List<String> out) {
        out.add(pointer);
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    /** A copy of {@code record} with the node at {@code pointer} replaced by {@code value} (removed when null). */
    private static JsonNode replaced(JsonNode record, String pointer, JsonNode value) {
        if (pointer.isEmpty()) {
            return value;
        }
        JsonNode copy = record.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            if (value == null) {
                o.remove(last);
            } else {
                o.set(last, value);
            }
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(last);
            if (value == null) {
                a.remove(i);
            } else {
                a.set(i, value);
            }
        }
        return copy;
    }

    @Test
    void json_equality_of_enum_and_const_takes_numbers_by_value() {
        SmallValidator v = new SmallValidator(Json.STRICT.readTree("{\"const\": 1}"));
        assertTrue(v.valid(NODES.numberNode(1.0)));
        assertTrue(v.valid(NODES.numberNode(1L)));
        assertFalse(v.valid(NODES.stringNode("1")));
        SmallValidator integer = new SmallValidator(Json.STRICT.readTree("{\"type\": \"integer\", \"minimum\": 0}"));
        assertTrue(integer.valid(NODES.numberNode(2.0)));
        assertFalse(integer.valid(NODES.numberNode(2.5)));
        assertFalse(integer.valid(NODES.numberNode(-1)));
    }
}
