package dev.orun.schema;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML read through the memo gives the tree the YAML parser gives, node for node, and nothing it cannot hold. */
class YamlTreeMemoTest {
    /** A memo in a map, by the YAML's text. */
    static final class MapMemo implements SchemaValidator.Memo {
        final Map<String, byte[]> trees = new HashMap<>();

        @Override
        public boolean holds(String schema, byte[] bytes) {
            return false;
        }

        @Override
        public void remember(String schema, byte[] bytes) {
        }

        @Override
        public byte[] yamlTree(byte[] yaml) {
            return trees.get(new String(yaml, StandardCharsets.UTF_8));
        }

        @Override
        public void rememberYamlTree(byte[] yaml, byte[] json) {
            trees.put(new String(yaml, StandardCharsets.UTF_8), json);
        }
    }

    @Test
    void every_yaml_file_of_the_repository_reads_back_from_the_memo_as_parsed() throws Exception {
        MapMemo memo = new MapMemo();
        SchemaValidator v = new SchemaValidator(memo);
        int n = 0;
        try (Stream<Path> s = Files.walk(Path.of("orchestration"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                JsonNode parsed = Trees.yaml(bytes);
                assertEquals(parsed, v.yaml(bytes), f + " (first read)");
                assertTrue(memo.yamlTree(bytes) != null, f + " remembered");
                assertEquals(parsed, v.yaml(bytes), f + " (from the memo)");
                n++;
            }
        }
        assertTrue(n >= 3, "YAML files read: " + n);
    }

    @Test
    void the_memo_is_what_is_read_and_a_torn_entry_is_parsed_again() {
        MapMemo memo = new MapMemo();
        SchemaValidator v = new SchemaValidator(memo);
        byte[] yaml = "a: 1\nb: [x, 2.5, true, null]\nc: {d: 12345678901}\n".getBytes(StandardCharsets.UTF_8);
        JsonNode parsed = v.yaml(yaml);
        assertEquals(Trees.yaml(yaml), parsed);
        // the memo's word is taken (the same trust as the validation memo): it is what was remembered
        memo.trees.put(new String(yaml, StandardCharsets.UTF_8), "{\"a\": 2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, v.yaml(yaml).get("a").asInt());
        // a cut entry is a miss
        memo.trees.put(new String(yaml, StandardCharsets.UTF_8), "{\"a\": ".getBytes(StandardCharsets.UTF_8));
        assertEquals(parsed, v.yaml(yaml));
        // without a memo (run verify, contracts check) the YAML itself is read
        assertEquals(parsed, v.withoutMemo().yaml(yaml));
    }

    @Test
    void what_json_text_cannot_hold_and_what_does_not_parse_is_never_remembered() {
        MapMemo memo = new MapMemo();
        SchemaValidator v = new SchemaValidator(memo);
        byte[] nan = "a: .nan\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(Double.isNaN(v.yaml(nan).get("a").doubleValue()));
        assertNull(memo.yamlTree(nan));
        byte[] broken = "a: [1, 2\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(RuntimeException.class, () -> v.yaml(broken));
        assertNull(memo.yamlTree(broken));
    }
}
