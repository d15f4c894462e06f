package dev.orun.workflow;

import dev.orun.run.RunIds;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slug and variant checks and the trailing-slash strip of a write are plain character code (a write compiles
 * no regex): held here to the regexes they replaced, on fuzzed texts.
 */
class NameChecksTest {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String[] PIECES = {"a", "z", "0", "9", "-", ".", "_", "A", "Z", "/", "//", "\n", "\r\n", "\r",
            "\u0085", "\u2028", "é", " ", "x--y", "m1.5", "run_", "abcdefghij", "0123456789"};

    private static String fuzz(Random r) {
        StringBuilder sb = new StringBuilder();
        int pieces = r.nextInt(4) == 0 ? r.nextInt(40) : r.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            // mostly the characters of a name, so that a good share of the texts are names
            sb.append(r.nextInt(3) > 0 ? PIECES[r.nextInt(10)] : PIECES[r.nextInt(PIECES.length)]);
        }
        if (r.nextInt(6) == 0) { // about the 64 characters a name may have
            for (int i = 55 + r.nextInt(15); i > 0; i--) {
                sb.append("ab9-".charAt(r.nextInt(4)));
            }
        }
        if (r.nextInt(8) == 0) {
            sb.append(r.nextBoolean() ? "\n" : "/");
        }
        return sb.toString();
    }

    @Test
    void slug_and_variant_checks_accept_what_the_old_regexes_matched() {
        Random r = new Random(14);
        int slugs = 0;
        int variants = 0;
        for (int i = 0; i < 100_000; i++) {
            String s = fuzz(r);
            boolean slug = SLUG.matcher(s).matches();
            boolean variant = VARIANT.matcher(s).matches();
            assertEquals(slug, RunIds.isSlug(s), () -> "slug: '" + s + "'");
            assertEquals(variant, RunService.isVariant(s), () -> "variant: '" + s + "'");
            slugs += slug ? 1 : 0;
            variants += variant ? 1 : 0;
        }
        assertTrue(slugs > 5_000 && slugs < 90_000, "slugs " + slugs);
        assertTrue(variants > slugs + 2_000 && variants < 95_000, "variants " + variants);
        assertEquals(false, RunIds.isSlug(null));
    }

    @Test
    void the_trailing_slash_strip_is_the_old_replace_all() {
        Random r = new Random(15);
        int changed = 0;
        for (int i = 0; i < 100_000; i++) {
            // a path with a line break at its end is no skill folder: there the old regex's '$' differed, harmlessly
            String s = fuzz(r).replaceAll("[\\n\\r\\u0085\\u2028\\u2029]+$", "");
            String old = s.replaceAll("/+$", "");
            assertEquals(old, RunService.withoutTrailingSlashes(s), () -> "'" + s + "'");
            changed += old.equals(s) ? 0 : 1;
        }
        assertTrue(changed > 5_000, "texts with trailing slashes " + changed);
    }
}
