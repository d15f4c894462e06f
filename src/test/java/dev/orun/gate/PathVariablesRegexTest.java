package dev.orun.gate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-matched {name} variables of contract paths are what the pattern {@link PathVariables#VAR} finds. */
class PathVariablesRegexTest {
    private static final Pattern VAR = Pattern.compile(PathVariables.VAR);

    @Test
    void expand_names_and_unknowns_agree_with_the_pattern_on_random_templates() {
        String[] parts = {"{", "}", "slug", "a", "Z", "_", "9", ".", "-", "/", "{slug}", "{x.y-z}", "{9}", "{}", "{{", "}}",
                "$", "\\\\", "é", " ", "out/", "{artifact_path}", "{_}"};
        Random random = new Random(7);
        Map<String, String> values = Map.of("slug", "S$1\\\\", "a", "A", "_", "U", "x.y-z", "X", "artifact_path", "P");
        PathVariables vars = new PathVariables(values);
        int found = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                sb.append(parts[random.nextInt(parts.length)]);
            }
            String t = sb.toString();
            List<String> names = new ArrayList<>();
            Matcher m = VAR.matcher(t);
            StringBuilder expanded = new StringBuilder();
            boolean known = true;
            while (m.find()) {
                names.add(m.group(1));
                String v = values.get(m.group(1));
                known &= v != null;
                m.appendReplacement(expanded, Matcher.quoteReplacement(v == null ? "" : v));
            }
            m.appendTail(expanded);
            found += names.size();
            List<String> unknown = new ArrayList<>();
            for (String name : names) {
                if (!PathVariables.BUILT_IN.contains(name) && !name.equals("a")) {
                    unknown.add(name);
                }
            }
            assertEquals(unknown, PathVariables.unknownIn(t, List.of("a")), t);
            if (known) {
                assertEquals(expanded.toString(), vars.expand(t, "test"), t);
            } else {
                String text = t;
                org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> vars.expand(text, "test"), t);
            }
            String name = t.replace("{", "").replace("}", "");
            assertEquals(VAR.matcher("{" + name + "}").matches(), PathVariables.isName(name), name);
        }
        assertTrue(found > 10_000, "variables found: " + found);
    }
}
