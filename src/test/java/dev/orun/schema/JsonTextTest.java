package dev.orun.schema;

import org.junit.jupiter.api.Test;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JsonText} writes what the mapper writes with Jackson's {@code DefaultPrettyPrinter} configured as orun's files
 * were always written (the definition of the on-disk form), and the canonical form {@link Json#canonicalByMaps} defines.
 */
class JsonTextTest {
    /** The pretty printer orun's files were written with before JsonText: the reference. */
    private static final ObjectWriter REFERENCE = Json.STRICT.writer().with(new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private static void assertSameText(JsonNode tree) {
        assertEquals(REFERENCE.writeValueAsString(tree) + "\n", JsonText.pretty(tree), tree.toString());
        assertEquals(JsonText.generatorPretty(tree), JsonText.pretty(tree), "generator: " + tree);
        assertEquals(REFERENCE.writeValueAsString(tree) + "\n", Json.pretty(tree), "Json.pretty: " + tree);
        assertEquals(Json.canonicalByMaps(tree), JsonText.canonical(tree), tree.toString());
        assertEquals(JsonText.generatorCanonical(tree), JsonText.canonical(tree), tree.toString());
    }

    @Test
    void every_json_file_of_the_repository_is_written_as_the_reference_writes_it() throws IOException {
        int n = 0;
        for (String root : List.of("orchestration", "contracts", "src/main/resources", "src/test/resources")) {
            if (!Files.isDirectory(Path.of(root))) {
                continue;
            }
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                    assertSameText(Json.STRICT.readTree(Files.readAllBytes(f)));
                    n++;
                }
            }
        }
        assertTrue(n >= 10, "JSON files compared: " + n);
    }

    @Test
    void random_trees_are_written_as_the_reference_writes_them() {
        Random random = new Random(2026);
        for (int i = 0; i < 2000; i++) {
            assertSameText(tree(random, 0));
        }
    }

    @Test
    void one_canonical_writer_gives_each_trees_canonical_text_in_a_row() {
        Random random = new Random(4);
        JsonText.CanonicalWriter writer = new JsonText.CanonicalWriter();
        for (int i = 0; i < 3000; i++) {
            JsonNode t = tree(random, 0);
            assertEquals(Json.canonicalByMaps(t), writer.of(t), t.toString());
        }
    }

    @Test
    void edge_values_and_empty_containers() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.putObject("empty");
        o.putArray("none");
        o.putArray("nested").addArray().addObject();
        o.put("s", "\u0000\u001f\"\\/\n\r\t\b\f \u007f \u00e9 \u2028 \ud83d\ude00");
        o.put("max", Long.MAX_VALUE).put("min", Integer.MIN_VALUE).put("d", -0.0).put("tiny", 4.9E-324);
        o.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        o.put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY).put("e", 1e21).put("small", 1.0E-5);
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            every.append(c);
        }
        o.put("every", every.toString());
        o.putNull("n");
        assertSameText(o);
        assertSameText(f.objectNode());
        assertSameText(f.arrayNode());
        assertSameText(f.stringNode("top"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.pretty(f.numberNode(new java.math.BigDecimal("1.50"))));
    }

    private static JsonNode tree(Random r, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth > 3 ? 2 + r.nextInt(6) : r.nextInt(8);
        switch (kind) {
            case 0: {
                ObjectNode o = f.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(key(r), tree(r, depth + 1));
                }
                return o;
            }
            case 1: {
                ArrayNode a = f.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(tree(r, depth + 1));
                }
                return a;
            }
            case 2:
                return f.stringNode(key(r) + (char) r.nextInt(0x3000) + (char) r.nextInt(0x40) + (char) r.nextInt(0x10000)
                        + (r.nextInt(8) == 0 ? "\ud83d\ude00\ud800" : ""));
            case 3:
                return f.numberNode(r.nextInt());
            case 4:
                return f.numberNode(r.nextLong());
            case 5:
                return f.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 6:
                return f.booleanNode(r.nextBoolean());
            default:
                return f.nullNode();
        }
    }

    private static String key(Random r) {
        String[] keys = {"a", "b", "z", "run_id", "", "é", "A", "_x", "k\"q", "1"};
        return keys[r.nextInt(keys.length)];
    }
}
