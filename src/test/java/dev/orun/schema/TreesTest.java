package dev.orun.schema;

import dev.orun.cli.Shared;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Trees} reads every YAML and JSON file of the repository (workflows, contracts, orun.yaml, schemas, test
 * data) and of the seed's repositories into the very tree the mappers read — node class for node class — and leaves
 * what it does not take to them, so that their errors stay word for word.
 */
class TreesTest {
    private static List<Path> files(Path root, String... endings) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                for (String e : endings) {
                    if (n.endsWith(e)) {
                        return true;
                    }
                }
                return false;
            }).filter(p -> !p.toString().contains("/node_modules/") && !p.toString().contains("/target/")).sorted().toList();
        }
    }

    private static void assertSame(String what, JsonNode expected, JsonNode actual) {
        assertEquals(expected, actual, what);
        assertEquals(TreeReaderTest.classes(expected), TreeReaderTest.classes(actual), what + ": node types");
    }

    /** The mapper's tree, or its exception's class and message; the same for Trees. */
    private static String outcome(java.util.concurrent.Callable<JsonNode> read) {
        try {
            JsonNode n = read.call();
            return n == null ? "null" : n.getClass().getSimpleName() + " " + TreeReaderTest.classes(n) + " " + n;
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @TestFactory
    List<DynamicTest> every_yaml_and_json_file_reads_as_the_mappers_read_it() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String root : List.of("orchestration", "contracts", "src/main/resources", "src/test/resources", "docs")) {
            all.addAll(files(Path.of(root), ".yaml", ".yml", ".json"));
        }
        int ours = all.size();
        all.addAll(files(Shared.compat(""), ".yaml", ".yml", ".json"));
        assertTrue(ours >= 20, "the repository's own files: " + ours);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : all) {
            tests.add(DynamicTest.dynamicTest(f.toString(), () -> {
                byte[] bytes = Files.readAllBytes(f);
                if (f.toString().endsWith(".json")) {
                    assertEquals(outcome(() -> Json.STRICT.readTree(bytes)), outcome(() -> Trees.json(bytes)), f.toString());
                } else {
                    assertEquals(outcome(() -> Json.yaml().readTree(bytes)), outcome(() -> Trees.yaml(bytes)), f.toString());
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    assertEquals(outcome(() -> Json.yaml().readTree(text)), outcome(() -> Trees.yaml(text)), f + " as text");
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> edge_yaml_reads_the_same_or_fails_the_same() {
        String[] docs = {
                "a: 1\nb: 2147483648\nc: 9223372036854775808\nd: 1.5\ne: -0.0\nf: 1e3\n",
                "list: [1, two, 3.0, null, true, ~, 'q', \"d\"]\nnested: {x: {y: [ {z: 1} ]}}\n",
                "a: 1\na: 2\n",
                "",
                "# only a comment\n",
                "---\na: 1\n---\nb: 2\n",
                "plain scalar\n",
                "- 1\n- 2\n",
                "a: [1, 2\n",
                "k: 0x1F\no: 0o17\nb: .inf\nn: .nan\nbool: yes\ndate: 2026-12-02\n",
                "anchor: &x {a: 1}\nalias: *x\n",
                "bin: !!binary aGVsbG8=\n",
                "text: |\n  line one\n  line two\n",
                "key with spaces: value: with colon\n",
        };
        List<DynamicTest> tests = new ArrayList<>();
        for (String d : docs) {
            tests.add(DynamicTest.dynamicTest(d.isEmpty() ? "(empty)" : d.strip(), () -> {
                byte[] bytes = d.getBytes(StandardCharsets.UTF_8);
                assertEquals(outcome(() -> Json.yaml().readTree(bytes)), outcome(() -> Trees.yaml(bytes)), d);
                assertEquals(outcome(() -> Json.yaml().readTree(d)), outcome(() -> Trees.yaml(d)), d);
            }));
        }
        return tests;
    }

    @Test
    void a_json_key_given_twice_or_trailing_text_fails_with_the_mappers_error() {
        for (String d : List.of("{\"a\": 1, \"a\": 2}", "{\"a\": 1} x", "{\"a\": }", "")) {
            byte[] bytes = d.getBytes(StandardCharsets.UTF_8);
            assertEquals(outcome(() -> Json.STRICT.readTree(bytes)), outcome(() -> Trees.json(bytes)), d);
        }
        assertThrows(JacksonException.class, () -> Trees.json("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_yaml_tree_reads_with_the_node_types_of_the_mapper() {
        JsonNode t = Trees.yaml("i: 1\nl: 4294967296\nd: 0.5\n".getBytes(StandardCharsets.UTF_8));
        assertSame("numbers", Json.yaml().readTree("i: 1\nl: 4294967296\nd: 0.5\n"), t);
        assertTrue(t.get("i").isInt() && t.get("l").isLong() && t.get("d").isDouble(), t.toString());
    }
}
