package dev.orun.schema;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SimplePattern}'s verdicts are java.util.regex's (with ECMA-262's '$': only at the very end) on every pattern
 * of run.schema.json and on more of its subset, over fuzzed texts built from each pattern (what it matches, then
 * mutated) and from the characters that matter; a pattern outside the subset is refused, and the validator then
 * takes java.util.regex.
 */
class SimplePatternTest {
    /** More of the subset: groups, nesting, unbounded and empty-matching repetitions, no anchors. */
    private static final List<String> MORE = List.of("^[a-z]+$", "[0-9]{2,3}", "^a(b(c)?d)*e$", "(x?y?)*z$",
            "^(\\d{1,3}\\.){3}\\d{1,3}$", "^[A-Za-z_-]{2,}", "^a?(a\n)?$", "-?\\d+(\\.\\d+)?", "^$", "^(?:ab)+$",
            "T\\d{2}:", "^run_[a-z0-9]{0,4}_?$", "[._-]{2}$", "^(a*)*b$", "^é[à-ü]?$");
    /** Outside it: each must be refused (the validator then compiles it with java.util.regex). */
    private static final List<String> OUTSIDE = List.of("a|b", "^.*$", "[^a]", "\\w+", "(?i)a", "a{2,1}", "a*?",
            "a++", "[a-z&&b]", "\\b", "\\1", "a{", "[]a]", "x{99999}", "^a$b", "a^", "(a", "a)", "[a-c-e]", "[\\d-z]",
            "\\", "a{,3}", "[[a]]", "(?=a)", "\\s", "a**", "$a", "{2}", "*", "\\u0041", "[a-\\d]", "}", "]");
    private static final String CHARS = "0123456789abcdefgxyzAZT-._:\n/ é";
    private static final String[] FRAGMENTS = {"run_", "T", "Z", "_", "-", ".", "\n", "\r\n", "00", "2026", "abc"};

    static List<String> schemaPatterns() throws Exception {
        JsonNode schema = Json.STRICT.readTree(Files.readAllBytes(Path.of("contracts/run.schema.json")));
        List<String> out = new ArrayList<>();
        collect(schema, out);
        return out;
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (e.getKey().equals("pattern") && e.getValue().isString() && !out.contains(e.getValue().asString())) {
                    out.add(e.getValue().asString());
                }
                collect(e.getValue(), out);
            }
        } else if (n.isArray()) {
            for (JsonNode x : n) {
                collect(x, out);
            }
        }
    }

    /** A text the parsed items describe (repetitions at random), from which the fuzzer mutates. */
    private static void sample(SimplePattern.Item[] items, Random r, StringBuilder sb) {
        for (SimplePattern.Item it : items) {
            int top = it.max < 0 ? it.min + 4 : it.max;
            int n = it.min + (top > it.min ? r.nextInt(top - it.min + 1) : 0);
            for (int k = 0; k < n; k++) {
                if (it.group != null) {
                    sample(it.group, r, sb);
                } else {
                    List<Character> cs = new ArrayList<>();
                    for (char c = 0; c < 0x300; c++) {
                        if (it.has(c)) {
                            cs.add(c);
                        }
                    }
                    sb.append(cs.get(r.nextInt(cs.size())));
                }
            }
        }
    }

    private static String fuzz(SimplePattern p, Random r) {
        StringBuilder sb = new StringBuilder();
        int kind = r.nextInt(10);
        if (kind < 7) {
            sample(p.items, r, sb);
            int mutations = kind < 3 ? 0 : r.nextInt(3) + 1;
            for (int m = 0; m < mutations; m++) {
                int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
                String piece = r.nextBoolean() ? String.valueOf(CHARS.charAt(r.nextInt(CHARS.length())))
                        : FRAGMENTS[r.nextInt(FRAGMENTS.length)];
                switch (r.nextInt(5)) {
                    case 0 -> sb.insert(at, piece);
                    case 1 -> {
                        if (at < sb.length()) {
                            sb.setCharAt(at, piece.charAt(0));
                        }
                    }
                    case 2 -> {
                        if (at < sb.length()) {
                            sb.deleteCharAt(at);
                        }
                    }
                    case 3 -> sb.append(r.nextBoolean() ? "\n" : piece);
                    default -> sb.insert(0, piece);
                }
            }
        } else {
            int n = r.nextInt(12);
            for (int i = 0; i < n; i++) {
                sb.append(r.nextBoolean() ? String.valueOf(CHARS.charAt(r.nextInt(CHARS.length())))
                        : FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
        }
        return sb.toString();
    }

    /** java.util.regex with ECMA-262's '$' (the very end: \z). */
    private static Pattern oracle(String p) {
        boolean dollar = p.endsWith("$") && !p.endsWith("\\$");
        return Pattern.compile(dollar ? p.substring(0, p.length() - 1) + "\\z" : p);
    }

    private static void differential(String p, boolean schema) {
        SimplePattern simple = SimplePattern.parse(p);
        assertNotNull(simple, () -> "in the subset, but refused: " + p);
        Pattern oracle = oracle(p);
        Pattern java = Pattern.compile(p);
        Random r = new Random(p.hashCode());
        int matched = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String s = fuzz(simple, r);
            boolean expected = oracle.matcher(s).find();
            assertEquals(expected, simple.find(s), () -> p + " on '" + s.replace("\n", "\\n") + "'");
            if (schema) {
                // and, on the schema's own patterns, the verdict SmallValidator gave with java.util.regex
                Matcher m = java.matcher(s);
                boolean old = m.find() && (!p.endsWith("$") || m.end() == s.length());
                assertEquals(old, expected, () -> p + " (old rule) on '" + s.replace("\n", "\\n") + "'");
            }
            matched += expected ? 1 : 0;
        }
        int m = matched;
        assertTrue(m > n / 10 && m < n * 9 / 10 || p.equals("^$") && m > 100, () -> p + ": matched " + m + " of " + n);
    }

    @Test
    void the_schema_patterns_match_as_java_util_regex_with_ecma_dollar() throws Exception {
        List<String> patterns = schemaPatterns();
        assertTrue(patterns.size() >= 7, "patterns of run.schema.json: " + patterns);
        for (String p : patterns) {
            differential(p, true);
        }
    }

    @Test
    void more_of_the_subset_matches_as_java_util_regex_with_ecma_dollar() {
        for (String p : MORE) {
            differential(p, false);
        }
    }

    @Test
    void a_pattern_outside_the_subset_is_refused_and_the_validator_uses_java_util_regex() throws Exception {
        for (String p : OUTSIDE) {
            assertNull(SimplePattern.parse(p), () -> "outside the subset, but parsed: " + p);
        }
        SmallValidator v = new SmallValidator(Json.STRICT.readTree("{\"type\": \"string\", \"pattern\": \"^(ab|c)$\"}"));
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        assertTrue(v.valid(nodes.stringNode("ab")));
        assertTrue(v.valid(nodes.stringNode("c")));
        assertFalse(v.valid(nodes.stringNode("abc")));
        assertFalse(v.valid(nodes.stringNode("c\n")), "'$' only at the very end");
    }

    @Test
    void the_validator_takes_the_simple_matcher_for_a_pattern_in_the_subset() throws Exception {
        SmallValidator v = new SmallValidator(Json.STRICT.readTree("{\"pattern\": \"^[a-z]{2}\\\\d?$\"}"));
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        assertTrue(v.valid(nodes.stringNode("ab1")));
        assertTrue(v.valid(nodes.stringNode("ab")));
        assertFalse(v.valid(nodes.stringNode("ab1\n")));
        assertFalse(v.valid(nodes.stringNode("a1")));
        assertTrue(v.valid(nodes.numberNode(3)), "a pattern says nothing of a number");
    }
}
