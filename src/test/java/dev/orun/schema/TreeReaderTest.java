package dev.orun.schema;

import dev.orun.cli.OrunCli;
import dev.orun.cli.Shared;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TreeReader} gives the very tree {@code Json.STRICT.readTree} gives, on records and on edge JSON. */
class TreeReaderTest {
    static final Path COMPAT = Shared.compat("");

    static void assertSameTree(String what, byte[] bytes) {
        JsonNode expected = Json.STRICT.readTree(bytes);
        JsonNode actual = TreeReader.read(bytes);
        assertEquals(expected, actual, what);
        // equals on number nodes compares values; the node classes (int/long/big/double) must match too
        assertEquals(expected.toString(), actual.toString(), what);
        assertEquals(classes(expected), classes(actual), what + ": node types");
    }

    /** The node classes of a tree, depth first, so an IntNode read as a LongNode is told apart. */
    static List<String> classes(JsonNode n) {
        List<String> out = new ArrayList<>();
        collect(n, out);
        return out;
    }

    private static void collect(JsonNode n, List<String> out) {
        out.add(n.getClass().getSimpleName());
        if (n.isObject()) {
            n.properties().forEach(e -> {
                out.add(e.getKey());
                collect(e.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(e -> collect(e, out));
        }
    }

    @TestFactory
    List<DynamicTest> every_run_json_in_the_compat_corpus_reads_the_same() throws IOException {
        if (!Shared.present(COMPAT)) {
            // one skipped test in the report, naming what is missing
            return List.of(DynamicTest.dynamicTest("the compat corpus", () -> Shared.require(COMPAT)));
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(COMPAT)) {
            files = s.filter(p -> p.getFileName().toString().equals("RUN.json")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "the compat corpus under " + COMPAT + " holds the seed's RUN.json files: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(COMPAT.relativize(f).toString(),
                () -> assertSameTree(f.toString(), Files.readAllBytes(f)))).toList();
    }

    @Test
    void records_orun_writes_read_the_same_at_every_step(@TempDir Path dir) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "tree", "--artifact-path", "out/tree",
                "--var", "lang=en").assertExit(0).lastLine();
        Path runJson = dir.resolve("orchestration/runs/" + id + "/record/RUN.json");
        List<byte[]> versions = new ArrayList<>();
        versions.add(Files.readAllBytes(runJson));
        cli.run("invocation", "record", "--run", id, "--gate", "G1", "--agent", "greeter", "--model", "m1",
                "--provider", "p1", "--tokens-prompt", "100", "--tokens-completion", "20", "--cost-usd", "0.25",
                "--duration-ms", "1500").assertExit(0);
        versions.add(Files.readAllBytes(runJson));
        Files.createDirectories(dir.resolve("out/tree"));
        Files.writeString(dir.resolve("out/tree/GREETING.md"), "# Hello\n\nHéllo wörld, “quoted” — ok ✓\n");
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        versions.add(Files.readAllBytes(runJson));
        cli.run("gate", "start", "--run", id, "--gate", "G2").assertExit(0);
        cli.run("gate", "fail", "--run", id, "--gate", "G2", "--reason", "no summary: \"quoted\" \\ tab\there ✓").assertExit(0);
        versions.add(Files.readAllBytes(runJson));
        for (int i = 0; i < versions.size(); i++) {
            assertSameTree(id + " version " + i, versions.get(i));
        }
        try (Stream<Path> s = Files.walk(dir.resolve("orchestration/runs/" + id))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).toList()) {
                assertSameTree(f.toString(), Files.readAllBytes(f));
            }
        }
        assertTrue(new String(versions.get(3), StandardCharsets.UTF_8).contains("\\\"quoted\\\""), "the reason was escaped");
    }

    @TestFactory
    List<DynamicTest> edge_json_reads_the_same() {
        String[] docs = {
                "{}",
                "[]",
                "{\"a\": {}, \"b\": [], \"c\": [[]], \"d\": [{}]}",
                "[[1, [2, [3, [4, [5, []]]]]], {\"x\": [[{\"y\": [null]}]]}]",
                "{\"s\": \"\\u00e9\\u4e2d\\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0000\"}",
                "{\"raw\": \"é中😀\"}",
                "{\"\\u006b\\u00e9y\": 1, \"\": \"empty key\"}",
                "{\"i\": 0, \"neg\": -1, \"max\": 2147483647, \"min\": -2147483648}",
                "{\"l\": 2147483648, \"ln\": -2147483649, \"lmax\": 9223372036854775807, \"lmin\": -9223372036854775808}",
                "{\"big\": 9223372036854775808, \"bign\": -9223372036854775809, \"huge\": 123456789012345678901234567890}",
                "{\"f\": 1.5, \"nf\": -0.25, \"e\": 1e10, \"E\": 2.5E-3, \"ze\": 0.0, \"negzero\": -0.0, \"one\": 1.0}",
                "{\"pi\": 3.141592653589793, \"tiny\": 4.9E-324, \"maxd\": 1.7976931348623157E308, \"long-float\": 0.1000000000000000055511151231257827}",
                "{\"inf\": 1e400, \"ninf\": -1e400, \"under\": 1e-400}",
                "{\"n\": null, \"t\": true, \"f\": false, \"a\": [null, true, false]}",
                "null",
                "true",
                "42",
                "-7.5",
                "\"just a string\"",
                "  \n\t{ \"ws\" :\r\n [ 1 ,2 ] }  \n\n",
                "{\"k\": 1, \"order\": 2, \"a\": 3, \"z\": 4}",
        };
        List<DynamicTest> tests = new ArrayList<>();
        for (String d : docs) {
            tests.add(DynamicTest.dynamicTest(d.strip(), () -> assertSameTree(d, d.getBytes(StandardCharsets.UTF_8))));
        }
        return tests;
    }

    @Test
    void a_big_integer_stays_exact_and_property_order_is_kept() {
        JsonNode t = TreeReader.read("{\"z\": 123456789012345678901234567890, \"a\": 1}".getBytes(StandardCharsets.UTF_8));
        assertTrue(t.get("z").isBigInteger(), t.toString());
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), t.get("z").bigIntegerValue());
        assertEquals(List.of("z", "a"), t.propertyNames().stream().toList());
    }

    @Test
    void trailing_tokens_and_garbage_throw_as_strict_does() {
        String[] bad = {
                "{} {}",
                "{\"a\": 1} x",
                "[1] ]",
                "{\"a\": 1}}",
                "{\"a\": 1",
                "[1, 2",
                "{\"a\" 1}",
                "{'a': 1}",
                "{a: 1}",
                "[1,]",
                "{\"a\": 1,}",
                "nul",
                "tru",
                "01",
                "{\"a\": NaN}",
                "\"unterminated",
                "\u0000",
                "{\"a\": \"\\x\"}",
        };
        for (String b : bad) {
            byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
            assertThrows(RuntimeException.class, () -> Json.STRICT.readTree(bytes).toString().length(),
                    "Json.STRICT refuses " + b);
            assertThrows(RuntimeException.class, () -> TreeReader.read(bytes), "TreeReader refuses '" + b + "'");
        }
    }

    @Test
    void no_value_at_all_throws_where_strict_gives_a_missing_node() {
        // Not a record either way: RunStore reports Json.STRICT's answer as "is not a JSON object".
        for (String empty : new String[]{"", "   ", "\n\t"}) {
            byte[] bytes = empty.getBytes(StandardCharsets.UTF_8);
            JsonNode strict = Json.STRICT.readTree(bytes);
            assertTrue(strict == null || strict.isMissingNode(), "Json.STRICT on '" + empty + "': " + strict);
            assertThrows(IllegalArgumentException.class, () -> TreeReader.read(bytes));
        }
    }

    @Test
    void a_duplicate_key_reads_as_strict_reads_it() {
        byte[] bytes = "{\"status\": \"PASSED\", \"status\": \"FAILED\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode strict;
        try {
            strict = Json.STRICT.readTree(bytes);
        } catch (RuntimeException e) {
            assertThrows(RuntimeException.class, () -> TreeReader.read(bytes), "Json.STRICT refuses it: " + e.getMessage());
            return;
        }
        assertEquals(strict, TreeReader.read(bytes));
    }

    @Test
    void invalid_utf8_throws() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThrows(RuntimeException.class, () -> TreeReader.read(bytes));
        // a malformed sequence beside a real U+FFFD, and a lone surrogate's encoding: refused too
        byte[] both = {'[', '"', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xFF, '"', ']'};
        assertThrows(RuntimeException.class, () -> TreeReader.read(both));
        byte[] surrogate = {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'};
        assertThrows(RuntimeException.class, () -> TreeReader.read(surrogate));
    }

    @Test
    void a_replacement_character_in_the_text_is_read_as_such() {
        byte[] bytes = "{\"a\": \"x\uFFFDy \u00e9\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("x\uFFFDy \u00e9", TreeReader.read(bytes).get("a").asString());
    }
}
