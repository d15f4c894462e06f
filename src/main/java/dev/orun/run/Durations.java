package dev.orun.run;

import dev.orun.error.OrunException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users type them: {@code 500ms}, {@code 30s}, {@code 30m}, {@code 12h}, {@code 7d}, or bare seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(String text, String option) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw OrunException.usage(option + " '" + text + "' is not a duration: use a number with ms, s, m, h or d (e.g. 30s, 7d)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    public static boolean looksLikeDuration(String text) {
        return text != null && FORM.matcher(text.trim()).matches() && !text.trim().matches("\\d{4,}");
    }
}
