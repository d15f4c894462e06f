package dev.orun.gate;

import dev.orun.run.ValidationResult;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each case of the seed's unit tests ({@code orchestration/runner/__tests__/validator.test.js} at HEAD), same inputs,
 * same verdict, through orun's contract validations. The seed tests functions; each is mapped to the validation
 * type that uses it (fileExists → file_exists, countFiles → min_file_count, countSources → min_sources, …).
 */
class SeedValidatorCasesTest {
    @TempDir
    Path dir;
    ContractEvaluation e;

    @BeforeEach
    void setUp() {
        e = new ContractEvaluation(dir);
    }

    ValidationResult run(String validation) {
        return e.one(validation);
    }

    static void pass(ValidationResult r) {
        assertTrue(r.pass(), "wanted a pass: " + r);
    }

    static void fail(ValidationResult r) {
        assertFalse(r.pass(), "wanted a failure: " + r);
    }

    static void says(ValidationResult r, String text) {
        assertTrue(r.message().contains(text), "wanted '" + text + "' in " + r);
    }

    // ---- fileExists

    @Test
    void fileExists_returns_true_for_existing_file() {
        e.write("out/exists.txt", "hello");
        pass(run("{\"type\": \"file_exists\", \"target\": \"{artifact_path}/exists.txt\"}"));
    }

    @Test
    void fileExists_returns_false_for_non_existing_file() {
        fail(run("{\"type\": \"file_exists\", \"target\": \"{artifact_path}/nope.txt\"}"));
    }

    // ---- dirExists

    @Test
    void dirExists_returns_true_for_existing_directory() throws Exception {
        Files.createDirectories(dir.resolve("out/subdir"));
        pass(run("{\"type\": \"dir_exists\", \"target\": \"{artifact_path}/subdir\"}"));
    }

    @Test
    void dirExists_returns_false_for_non_existing_directory() {
        fail(run("{\"type\": \"dir_exists\", \"target\": \"{artifact_path}/nope\"}"));
    }

    @Test
    void dirExists_returns_false_for_a_file() {
        e.write("out/file.txt", "hello");
        ValidationResult r = run("{\"type\": \"dir_exists\", \"target\": \"{artifact_path}/file.txt\"}");
        fail(r);
        says(r, "is a file, wanted a folder");
    }

    // ---- countFiles (min_file_count)

    @Test
    void countFiles_counts_files_matching_pattern() {
        e.write("out/a.md", "# A");
        e.write("out/b.md", "# B");
        e.write("out/c.txt", "text");
        ValidationResult r = run("{\"type\": \"min_file_count\", \"target\": \"{artifact_path}\", \"pattern\": \"*.md\", \"min\": 2}");
        pass(r);
        says(r, "2 files matching *.md, need 2");
        fail(run("{\"type\": \"min_file_count\", \"target\": \"{artifact_path}\", \"pattern\": \"*.md\", \"min\": 3}"));
    }

    @Test
    void countFiles_returns_0_for_non_existing_directory() {
        ValidationResult r = run("{\"type\": \"min_file_count\", \"target\": \"{artifact_path}/nope\", \"pattern\": \"*.md\", \"min\": 1}");
        fail(r);
        says(r, "does not exist");
    }

    @Test
    void countFiles_counts_all_files_with_wildcard() throws Exception {
        e.write("out/a.md", "# A");
        e.write("out/b.txt", "text");
        Files.createDirectories(dir.resolve("out/sub"));
        ValidationResult r = run("{\"type\": \"min_file_count\", \"target\": \"{artifact_path}\", \"pattern\": \"*\", \"min\": 2}");
        pass(r);
        says(r, "2 files matching *");
    }

    // ---- countSources (min_sources)

    @Test
    void countSources_counts_H3_headings_that_are_source_entries() {
        e.write("out/CITATIONS.md", "# Citations\n\n## Primary Sources\n\n### Source One\n- URL: https://example.com/1\n\n"
                + "### Source Two\n- URL: https://example.com/2\n\n### Source Three\n- URL: https://example.com/3\n");
        ValidationResult r = run("{\"type\": \"min_sources\", \"target\": \"{artifact_path}/CITATIONS.md\", \"min\": 3}");
        pass(r);
        says(r, "3 source headings");
    }

    @Test
    void countSources_returns_0_for_non_existing_file() {
        fail(run("{\"type\": \"min_sources\", \"target\": \"{artifact_path}/nope.md\", \"min\": 1}"));
    }

    @Test
    void countSources_counts_unique_URLs() {
        e.write("out/CITATIONS.md", "\nhttps://example.com/a\nhttps://example.com/b\nhttps://example.com/a\n");
        ValidationResult r = run("{\"type\": \"min_sources\", \"target\": \"{artifact_path}/CITATIONS.md\", \"min\": 2}");
        pass(r);
        says(r, "2 distinct URLs");
    }

    // ---- containsHeadings

    @Test
    void containsHeadings_passes_when_all_headings_present() {
        e.write("out/page.tsx", "\nexport default function Page() {}\nexport const metadata = {};\n");
        pass(run("{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/page.tsx\", \"required_headings\": [\"export default\", \"metadata\"]}"));
    }

    @Test
    void containsHeadings_fails_when_heading_missing() {
        e.write("out/page.tsx", "export default function Page() {}");
        ValidationResult r = run("{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/page.tsx\", \"required_headings\": [\"export default\", \"metadata\"]}");
        fail(r);
        says(r, "missing headings: metadata (1 of 2 present");
    }

    @Test
    void containsHeadings_fails_when_file_does_not_exist() {
        fail(run("{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/nope.tsx\", \"required_headings\": [\"export default\"]}"));
    }

    // ---- containsText

    @Test
    void containsText_passes_when_all_patterns_present() {
        e.write("out/page.tsx", "\nimport { ArtifactDetailWrapper } from '@/components/ArtifactDetail';\nconst ESSAY_META = {};\n");
        pass(run("{\"type\": \"contains_text\", \"target\": \"{artifact_path}/page.tsx\", \"patterns\": [\"ArtifactDetailWrapper\", \"ESSAY_META\"]}"));
    }

    @Test
    void containsText_fails_when_pattern_missing() {
        e.write("out/page.tsx", "export default function Page() {}");
        ValidationResult r = run("{\"type\": \"contains_text\", \"target\": \"{artifact_path}/page.tsx\", \"patterns\": [\"ArtifactDetailWrapper\", \"ESSAY_META\"]}");
        fail(r);
        says(r, "missing text: ArtifactDetailWrapper, ESSAY_META (0 of 2 present)");
    }

    @Test
    void containsText_fails_when_file_does_not_exist() {
        ValidationResult r = run("{\"type\": \"contains_text\", \"target\": \"{artifact_path}/nope.tsx\", \"patterns\": [\"something\"]}");
        fail(r);
        says(r, "does not exist");
    }

    @Test
    void containsText_accepts_a_single_string_pattern() {
        e.write("out/test.txt", "hello world");
        pass(run("{\"type\": \"contains_text\", \"target\": \"{artifact_path}/test.txt\", \"patterns\": \"hello\"}"));
    }

    // ---- notContains

    @Test
    void notContains_passes_when_pattern_is_absent() {
        e.write("out/audit.md", "status: PASS");
        pass(run("{\"type\": \"not_contains\", \"target\": \"{artifact_path}/audit.md\", \"pattern\": \"status: FAIL\"}"));
    }

    @Test
    void notContains_fails_when_pattern_is_present() {
        e.write("out/audit.md", "status: FAIL");
        fail(run("{\"type\": \"not_contains\", \"target\": \"{artifact_path}/audit.md\", \"pattern\": \"status: FAIL\"}"));
    }

    @Test
    void notContains_FAILS_when_file_does_not_exist_by_default() {
        ValidationResult r = run("{\"type\": \"not_contains\", \"target\": \"{artifact_path}/nope.md\", \"pattern\": \"anything\"}");
        fail(r);
        says(r, "does not exist");
    }

    @Test
    void notContains_passes_when_file_does_not_exist_with_missing_ok() {
        pass(run("{\"type\": \"not_contains\", \"target\": \"{artifact_path}/nope.md\", \"pattern\": \"anything\", \"missing_ok\": true}"));
    }

    // ---- parseFrontmatter (through frontmatter_status)

    @Test
    void parseFrontmatter_parses_YAML_frontmatter() {
        e.write("out/audit.md", "---\ngate: G5.2\nstatus: PASS\nscore: 85\nblocking_issues: 0\n---\n# Audit Report\nContent here.\n");
        pass(run("{\"type\": \"frontmatter_status\", \"target\": \"{artifact_path}/audit.md\", \"checks\": {\"gate\": \"G5.2\","
                + " \"status\": \"PASS\", \"score\": 85, \"blocking_issues\": 0}}"));
    }

    @Test
    void parseFrontmatter_returns_null_for_file_without_frontmatter() {
        e.write("out/plain.md", "# No frontmatter");
        ValidationResult r = run("{\"type\": \"frontmatter_status\", \"target\": \"{artifact_path}/plain.md\", \"checks\": {\"status\": {\"not\": \"FAIL\"}}}");
        fail(r);
        says(r, "no YAML frontmatter");
    }

    @Test
    void parseFrontmatter_returns_null_for_non_existing_file() {
        fail(run("{\"type\": \"frontmatter_status\", \"target\": \"{artifact_path}/nope.md\", \"checks\": {\"status\": {\"not\": \"FAIL\"}}}"));
    }

    // ---- frontmatterStatus

    ValidationResult frontmatter(String yaml, String checks) {
        e.write("out/audit.md", yaml);
        return run("{\"type\": \"frontmatter_status\", \"target\": \"{artifact_path}/audit.md\", \"checks\": " + checks + "}");
    }

    @Test
    void frontmatterStatus_passes_equality_check() {
        pass(frontmatter("---\nstatus: PASS\n---", "{\"status\": \"PASS\"}"));
    }

    @Test
    void frontmatterStatus_fails_equality_check() {
        ValidationResult r = frontmatter("---\nstatus: FAIL\n---", "{\"status\": \"PASS\"}");
        fail(r);
        says(r, "status: expected \"PASS\", got \"FAIL\"");
    }

    @Test
    void frontmatterStatus_passes_not_check() {
        pass(frontmatter("---\nstatus: PASS\n---", "{\"status\": {\"not\": \"FAIL\"}}"));
    }

    @Test
    void frontmatterStatus_fails_not_check_when_value_matches() {
        fail(frontmatter("---\nstatus: FAIL\n---", "{\"status\": {\"not\": \"FAIL\"}}"));
    }

    @Test
    void frontmatterStatus_passes_min_check() {
        pass(frontmatter("---\nscore: 85\n---", "{\"score\": {\"min\": 75}}"));
    }

    @Test
    void frontmatterStatus_fails_min_check() {
        ValidationResult r = frontmatter("---\nscore: 60\n---", "{\"score\": {\"min\": 75}}");
        fail(r);
        says(r, "score: expected >= 75, got 60");
    }

    @Test
    void frontmatterStatus_fails_when_file_has_no_frontmatter() {
        fail(frontmatter("# No frontmatter", "{\"status\": \"PASS\"}"));
    }

    @Test
    void frontmatterStatus_fails_when_file_does_not_exist() {
        fail(run("{\"type\": \"frontmatter_status\", \"target\": \"{artifact_path}/nope.md\", \"checks\": {\"status\": \"PASS\"}}"));
    }

    // ---- regexMatch

    ValidationResult regex(String content, String regex, boolean mustNot) {
        e.write("out/code.tsx", content);
        return run("{\"type\": \"regex_match\", \"target\": \"{artifact_path}/code.tsx\", \"regex\": " + dev.orun.schema.Json.canonical(regex)
                + (mustNot ? ", \"must_not_match\": true" : "") + "}");
    }

    @Test
    void regexMatch_passes_when_pattern_matches() {
        pass(regex("const x = \"hello world\";", "hello\\s+world", false));
    }

    @Test
    void regexMatch_fails_when_pattern_does_not_match() {
        fail(regex("const x = 42;", "hello\\s+world", false));
    }

    @Test
    void regexMatch_passes_must_not_match_when_pattern_is_absent() {
        pass(regex("clean code here", "TODO", true));
    }

    @Test
    void regexMatch_fails_must_not_match_when_pattern_is_present() {
        ValidationResult r = regex("// TODO: fix this", "TODO", true);
        fail(r);
        says(r, "at line 1: TODO; wanted none (must_not_match)");
    }

    static final String EMOJI = "[\\u{1F300}-\\u{1F9FF}\\u{2600}-\\u{26FF}\\u{2700}-\\u{27BF}]";

    @Test
    void regexMatch_handles_Unicode_emoji_patterns_with_u_braces_syntax() {
        fail(regex("const icon = \"🚀 rocket\";", EMOJI, true));
    }

    @Test
    void regexMatch_passes_Unicode_emoji_check_on_clean_file() {
        pass(regex("const icon = \"rocket\";", EMOJI, true));
    }

    @Test
    void regexMatch_detects_AI_slop_phrases() {
        fail(regex("Let us delve into the tapestry of history.", "(\\bdelve\\b|\\btapestry\\b|\\bunlock the secrets\\b)", true));
    }

    @Test
    void regexMatch_fails_when_file_does_not_exist() {
        fail(run("{\"type\": \"regex_match\", \"target\": \"{artifact_path}/nope.tsx\", \"regex\": \"anything\"}"));
    }

    // ---- minRegexCount

    ValidationResult count(String content, String regex, int min) {
        e.write("out/images.ts", content);
        return run("{\"type\": \"min_regex_count\", \"target\": \"{artifact_path}/images.ts\", \"regex\": " + dev.orun.schema.Json.canonical(regex)
                + ", \"min_count\": " + min + "}");
    }

    @Test
    void minRegexCount_passes_when_count_meets_minimum() {
        String content = String.join("\n", "url1: \"https://images.esy.com/essays/test/a.webp\",", "url2: \"https://images.esy.com/essays/test/b.webp\",",
                "url3: \"https://images.esy.com/essays/test/c.webp\",", "url4: \"https://images.esy.com/essays/test/d.webp\",",
                "url5: \"https://images.esy.com/essays/test/e.webp\",");
        ValidationResult r = count(content, "https://images\\.esy\\.com/essays/", 3);
        pass(r);
        says(r, "5 matches");
    }

    @Test
    void minRegexCount_fails_when_count_is_below_minimum() {
        ValidationResult r = count("url: \"https://images.esy.com/essays/test/a.webp\"", "https://images\\.esy\\.com/essays/", 3);
        fail(r);
        says(r, "1 match of");
    }

    @Test
    void minRegexCount_fails_with_zero_matches() {
        ValidationResult r = count("no urls here at all", "https://images\\.esy\\.com/", 1);
        fail(r);
        says(r, "0 matches");
    }

    @Test
    void minRegexCount_passes_at_exact_threshold() {
        ValidationResult r = count("\"https://images.esy.com/a.webp\"\n\"https://images.esy.com/b.webp\"\n\"https://images.esy.com/c.webp\"",
                "https://images\\.esy\\.com/", 3);
        pass(r);
        says(r, "3 matches");
    }

    @Test
    void minRegexCount_fails_when_file_does_not_exist() {
        fail(run("{\"type\": \"min_regex_count\", \"target\": \"{artifact_path}/nope.ts\", \"regex\": \"pattern\", \"min_count\": 1}"));
    }

    // ---- urlReachable: a real server on 127.0.0.1 answering 200 for /ok.webp and 404 for the rest

    @Nested
    class UrlReachable {
        @StartStop
        final MockWebServer server = new MockWebServer();

        @BeforeEach
        void serve() {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(request.getTarget().equals("/ok.webp") ? 200 : 404).build();
                }
            });
        }

        String base() {
            return "http://127.0.0.1:" + server.getPort();
        }

        ValidationResult probe(String content, String extra) {
            e.write("out/images.ts", content);
            return run("{\"type\": \"url_reachable\", \"target\": \"{artifact_path}/images.ts\", \"url_pattern\": \"http://127\\\\.0\\\\.0\\\\.1:"
                    + server.getPort() + "/[^\\\"]+\"" + extra + "}");
        }

        @Test
        void urlReachable_passes_when_all_URLs_are_reachable() {
            ValidationResult r = probe("img1: \"" + base() + "/ok.webp\",\nimg2: \"" + base() + "/ok.webp\",", "");
            pass(r);
            says(r, "1/1 reachable (1 distinct URL found)");
        }

        @Test
        void urlReachable_fails_when_URLs_return_404() {
            ValidationResult r = probe("img: \"" + base() + "/missing.jpg\"", "");
            fail(r);
            says(r, "unreachable: 404 " + base() + "/missing.jpg");
        }

        @Test
        void urlReachable_passes_with_max_failures_tolerance() {
            pass(probe("ok: \"" + base() + "/ok.webp\",\nbad: \"" + base() + "/missing.jpg\",", ", \"max_failures\": 1"));
        }

        @Test
        void urlReachable_fails_when_file_does_not_exist() {
            fail(run("{\"type\": \"url_reachable\", \"target\": \"{artifact_path}/nope.ts\"}"));
        }
    }

    // ---- resolveAnyOfTarget: a missing target falls back to the first existing any_of output

    static final String ANY_OF = "{\"any_of\": [{\"path\": \"{artifact_path}/research/AUDIT.md\"}, {\"path\": \"{artifact_path}/AUDIT.md\"}]}";

    ValidationResult anyOf(String validation) {
        GateEvaluation ev = e.evaluate(ANY_OF, "[" + validation + "]");
        return ContractEvaluation.only(ev.validations().stream().filter(v -> !v.type().equals("file_exists")).toList());
    }

    @Test
    void resolveAnyOfTarget_returns_original_path_when_file_exists() {
        e.write("out/research/AUDIT.md", "content");
        e.write("out/AUDIT.md", "FAIL here");
        ValidationResult r = anyOf("{\"type\": \"not_contains\", \"target\": \"{artifact_path}/research/AUDIT.md\", \"pattern\": \"FAIL\"}");
        pass(r);
        assertEquals("out/research/AUDIT.md", r.target());
    }

    @Test
    void resolveAnyOfTarget_resolves_to_existing_any_of_sibling_when_target_missing() {
        e.write("out/AUDIT.md", "content at root");
        ValidationResult r = anyOf("{\"type\": \"contains_text\", \"target\": \"{artifact_path}/research/AUDIT.md\", \"patterns\": [\"content at root\"]}");
        pass(r);
        assertEquals("out/AUDIT.md", r.target());
    }

    @Test
    void resolveAnyOfTarget_uses_the_any_of_group_beside_all_of_as_in_G4_1() {
        e.write("out/DESIGN-RESEARCH.md", "design");
        e.write("out/AUDIT.md", "status: FAIL");
        GateEvaluation ev = e.evaluate("{\"all_of\": [{\"path\": \"{artifact_path}/DESIGN-RESEARCH.md\"}], " + ANY_OF.substring(1),
                "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/research/AUDIT.md\", \"pattern\": \"status: FAIL\"}]");
        ValidationResult r = ContractEvaluation.only(ev.validations().stream().filter(v -> v.type().equals("not_contains")).toList());
        fail(r);
        assertEquals("out/AUDIT.md", r.target());
    }

    @Test
    void resolveAnyOfTarget_returns_original_path_when_no_any_of_siblings_exist() {
        ValidationResult r = anyOf("{\"type\": \"not_contains\", \"target\": \"{artifact_path}/research/AUDIT.md\", \"pattern\": \"x\"}");
        fail(r);
        assertEquals("out/research/AUDIT.md", r.target());
    }

    @Test
    void resolveAnyOfTarget_returns_original_path_when_anyOfOutputs_is_empty() {
        ValidationResult r = run("{\"type\": \"not_contains\", \"target\": \"{artifact_path}/nope.md\", \"pattern\": \"x\"}");
        fail(r);
        assertEquals("out/nope.md", r.target());
    }
}
