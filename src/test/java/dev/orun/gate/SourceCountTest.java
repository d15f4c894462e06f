package dev.orun.gate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written source count says what the seed's five patterns, run by JsRegex, say. */
class SourceCountTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** The count as it was made before: the seed's patterns through JsRegex (the definition). */
    private static final JsRegex[] SEED = new JsRegex[SourceCount.PATTERNS.length];

    static {
        for (int i = 0; i < SEED.length; i++) {
            SEED[i] = JsRegex.compile(SourceCount.PATTERNS[i][0], SourceCount.PATTERNS[i][1]);
        }
    }

    private static SourceCount byRegex(String text) {
        List<String> h3 = SEED[1].matches(text, LIMIT);
        int headings = 0;
        for (String h : h3) {
            headings += SEED[0].test(h, LIMIT) ? 0 : 1;
        }
        int urls = new LinkedHashSet<>(SEED[2].matches(text, LIMIT)).size();
        return new SourceCount(headings, urls, SEED[3].count(text, LIMIT), SEED[4].count(text, LIMIT));
    }

    @Test
    void random_texts_are_counted_as_the_patterns_count_them() {
        String[] tokens = {"###", "### ", "#", "-", "- ", "-  ", "**", "URL", "url", "Source", "\u017Fource", "\u212A", "SOURCE", "R\u0130MARY", "Reference", "REFERENCE",
                "**:", "http://", "https://", "http", "s", "x.org/a", "y.io", ")", ">", "]", "\n", "\r", "\r\n", "\u2028", "\u2029",
                " ", "\t", "\u00A0", "\u000B", "\u3000", "primary", "Primary Sources", "tier", "Tier", " 3", "3", "notes", "NOTES",
                "overview", "\u0130", "\u0131", "a long text of words", "0123456789", "é", "**Source**:", "x", "\n- **", "\n-\t**", "URL**:",
                "reference**:", "\n- **URL**: ", "**: "};
        Random random = new Random(20261202L);
        int[] nonZero = new int[4];
        for (int n = 0; n < 40_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 1 + random.nextInt(24); k > 0; k--) {
                sb.append(tokens[random.nextInt(tokens.length)]);
            }
            String text = sb.toString();
            SourceCount expected = byRegex(text);
            assertEquals(expected, SourceCount.of(text), () -> "[" + text.replace("\n", "\\n").replace("\r", "\\r") + "]");
            nonZero[0] += expected.headings() > 0 ? 1 : 0;
            nonZero[1] += expected.urls() > 0 ? 1 : 0;
            nonZero[2] += expected.structured() > 0 ? 1 : 0;
            nonZero[3] += expected.bullets() > 0 ? 1 : 0;
        }
        for (int c : nonZero) {
            assertTrue(c > 500, "texts with a count above zero, per count: " + java.util.Arrays.toString(nonZero));
        }
    }

    @Test
    void the_seed_s_research_files_are_counted_as_the_patterns_count_them() throws IOException {
        Path shared = Path.of("../shared/compat");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared), "../shared/compat is not beside the project");
        int files = 0;
        try (Stream<Path> s = Files.walk(shared)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".md")).toList()) {
                String text = Files.readString(f);
                assertEquals(byRegex(text), SourceCount.of(text), f.toString());
                files++;
            }
        }
        assertTrue(files > 50, "files counted: " + files);
    }
}
