package dev.orun.run;

import dev.orun.error.OrunException;

import java.time.Duration;

/** Durations as users type them: {@code 500ms}, {@code 30s}, {@code 30m}, {@code 12h}, {@code 7d}, or bare seconds. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String text, String option) {
        Duration d = read(text == null ? "" : text.trim());
        if (d == null) {
            throw OrunException.usage(option + " '" + text + "' is not a duration: use a number with ms, s, m, h or d (e.g. 30s, 7d)");
        }
        return d;
    }

    public static boolean looksLikeDuration(String text) {
        if (text == null) {
            return false;
        }
        String t = text.trim();
        // Four or more bare digits look like a year, not seconds.
        return read(t) != null && !(t.length() >= 4 && digits(t) == t.length());
    }

    /**
     * Digits, then nothing (seconds) or one of ms, s, m, h, d; null for anything else, or too large. By hand, not
     * with a regular expression: every command parses --lock-timeout, and compiling one costs a short command ~2 ms.
     */
    private static Duration read(String t) {
        int n = digits(t);
        if (n == 0 || n > 18) {
            return null;
        }
        long value = Long.parseLong(t.substring(0, n));
        try {
            return switch (t.substring(n)) {
                case "", "s" -> Duration.ofSeconds(value);
                case "ms" -> Duration.ofMillis(value);
                case "m" -> Duration.ofMinutes(value);
                case "h" -> Duration.ofHours(value);
                case "d" -> Duration.ofDays(value);
                default -> null;
            };
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** How many ASCII digits {@code t} starts with. */
    private static int digits(String t) {
        int i = 0;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
