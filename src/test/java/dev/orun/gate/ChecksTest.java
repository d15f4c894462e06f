package dev.orun.gate;

import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lint hook contracts check calls, and the one-line wants of a prompt packet. */
class ChecksTest {
    static ValidationSpec spec(String json) {
        var node = Json.LENIENT.readTree(json);
        return new ValidationSpec(node.get("type").asString(), node.has("target") ? node.get("target").asString() : null, null, node, "/validations/2");
    }

    @Test
    void lint_names_the_field_of_an_invalid_regex_and_warns_on_nested_quantifiers() {
        assertEquals(List.of("error: /validations/2/url_pattern: not a valid JavaScript regex /https://(/gm (unterminated group"
                        + " (a '(' without its ')')): fix the regex"),
                Checks.lint(spec("{\"type\": \"url_reachable\", \"target\": \"x\", \"url_pattern\": \"https://(\"}")));
        List<String> w = Checks.lint(spec("{\"type\": \"not_contains\", \"target\": \"x\", \"pattern\": \"(\\\\w+\\\\s?)*$\", \"regex\": true}"));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("warning: /validations/2/pattern: /(\\w+\\s?)*$/ has a nested quantifier"), w.toString());
        // A literal not_contains is no regex: "(" is fine there.
        assertEquals(List.of(), Checks.lint(spec("{\"type\": \"not_contains\", \"target\": \"x\", \"pattern\": \"(\"}")));
        assertEquals(List.of(), Checks.lint(spec("{\"type\": \"regex_match\", \"target\": \"x\", \"regex\": \"[\\\\u{1F300}-\\\\u{1F9FF}]\"}")));
    }

    @Test
    void a_prompt_packet_line_says_what_each_seed_type_wants() {
        assertEquals("out/images.ts has at least 3 matches of /<img[\\s\\n]/",
                Checks.wants(spec("{\"type\": \"min_regex_count\", \"regex\": \"<img[\\\\s\\\\n]\", \"min_count\": 3}"), "out/images.ts", "?"));
        assertEquals("every URL in out/images.ts answers 2xx to a HEAD request (at most 1 may not)",
                Checks.wants(spec("{\"type\": \"url_reachable\", \"max_failures\": 1}"), "out/images.ts", "?"));
        assertEquals("out/C.tsx has no match of /TODO/",
                Checks.wants(spec("{\"type\": \"regex_match\", \"regex\": \"TODO\", \"must_not_match\": true}"), "out/C.tsx", "?"));
    }

    // Issue 13, point 10: plurals follow the count, also in what a prompt packet asks for.
    @Test
    void a_wanted_count_of_one_is_singular() {
        assertEquals("out/images.ts has at least 1 match of /<img/",
                Checks.wants(spec("{\"type\": \"min_regex_count\", \"regex\": \"<img\"}"), "out/images.ts", "?"));
        assertEquals("out/r holds at least 1 file matching *.md (depth quick)",
                Checks.wants(spec("{\"type\": \"min_file_count\", \"pattern\": \"*.md\"}"), "out/r", "1 (depth quick)"));
        assertEquals("out/r holds at least 4 files matching *", Checks.wants(spec("{\"type\": \"min_file_count\"}"), "out/r", "4"));
        assertEquals("one of [\"a\",\"b\"] cites at least 1 source",
                Checks.wants(spec("{\"type\": \"min_sources_any_of\", \"targets\": [\"a\", \"b\"]}"), null, "1"));
        assertEquals("1 source (depth quick)", Check.count("1 (depth quick)", "source"));
        assertEquals("? sources", Check.count("?", "source"));
        assertEquals("1 match", Check.count(1, "match", "matches"));
        assertEquals("2 matches", Check.count(2, "match", "matches"));
    }

    @org.junit.jupiter.api.Test
    void every_type_name_has_its_own_check() {
        java.util.Set<Class<?>> classes = new java.util.HashSet<>();
        for (String type : Checks.TYPES) {
            classes.add(Checks.forType(type).getClass());
        }
        assertEquals(Checks.TYPES.size(), classes.size(), "one check class per type");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Checks.forType("no_such_type"));
    }
}
