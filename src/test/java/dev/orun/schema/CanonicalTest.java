package dev.orun.schema;

import dev.orun.cli.OrunCli;
import dev.orun.cli.Shared;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Json#canonical} writes the tree itself; its output is the hashes of every seal and event chain, so it must
 * be byte for byte what the canonical mapper writes by way of sorted Java maps ({@link Json#canonicalByMaps}), on
 * every node of every record and on edge values.
 */
class CanonicalTest {
    private static void assertSame(String what, JsonNode node) {
        assertEquals(Json.canonicalByMaps(node), Json.canonical(node), what);
    }

    private static void everyNode(String what, JsonNode node) {
        assertSame(what, node);
        if (node.isObject()) {
            node.properties().forEach(e -> everyNode(what + "/" + e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                everyNode(what + "/" + i, node.get(i));
            }
        }
    }

    @Test
    void edge_values_are_written_as_the_maps_writer_writes_them() {
        String[] docs = {
                "{\"b\": 1, \"a\": {\"d\": [3, 2, {\"z\": null, \"y\": true}], \"c\": \"\"}, \"B\": false, \"_\": [], \"é\": {}}",
                "{\"s\": \"quote \\\" backslash \\\\ slash / tab \\t nl \\n ctl \\u0001 ls \\u2028 emoji \\ud83d\\ude00 ü\"}",
                "[0, -1, 2147483647, 2147483648, -9223372036854775808, 9223372036854775807, 123456789012345678901234567890]",
                "[0.1, -0.0, 1.0, 1e300, 2.5E-10, 3.141592653589793, 100.0, 1e21, 0.000001]",
                "{\"z\": 1, \"a10\": 2, \"a9\": 3, \"A\": 4, \"\": 5}",
                "\"just a string\"", "42", "null", "true",
        };
        for (String d : docs) {
            everyNode(d, Json.STRICT.readTree(d));
        }
        assertSame("a POJO's tree", Json.STRICT.valueToTree(Map.of("k", List.of(1, 2.5, "x"))));
    }

    @Test
    void every_node_of_records_orun_writes_and_of_the_seeds_records_is_written_the_same(@TempDir Path dir) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "canon", "--artifact-path", "out/canon",
                "--var", "lang=en").assertExit(0).lastLine();
        cli.run("invocation", "record", "--run", id, "--gate", "G1", "--agent", "greeter", "--model", "m1",
                "--provider", "p1", "--tokens-prompt", "100", "--tokens-completion", "20", "--cost-usd", "0.25",
                "--duration-ms", "1500").assertExit(0);
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "fail", "--run", id, "--gate", "G1", "--reason", "ünïcode — \"quoted\" </script>").assertExit(0);
        everyNode(id, Json.STRICT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/RUN.json"))));
        Path compat = Shared.compat("");
        if (Files.isDirectory(compat)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(compat)) {
                files = new ArrayList<>(s.filter(p -> p.getFileName().toString().equals("RUN.json")).sorted().limit(12).toList());
            }
            for (Path f : files) {
                everyNode(f.toString(), Json.STRICT.readTree(Files.readAllBytes(f)));
            }
        }
    }
}
