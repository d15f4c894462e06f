package dev.orun.run;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {
    @Test
    void every_unit_and_bare_seconds() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms", "--x"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s", "--x"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45", "--x"));
        assertEquals(Duration.ofMinutes(30), Durations.parse("30m", "--x"));
        assertEquals(Duration.ofHours(12), Durations.parse("12h", "--x"));
        assertEquals(Duration.ofDays(7), Durations.parse(" 7d ", "--x"));
        assertEquals(Duration.ofDays(7), Durations.parse("007d", "--x"));
        assertEquals(Duration.ZERO, Durations.parse("0s", "--x"));
    }

    @Test
    void anything_else_is_a_usage_error_naming_the_option_never_a_crash() {
        for (String bad : new String[] {"", "  ", "s", "7x", "7 d", "-1s", "+1s", "1.5h", "7D", "7dd", "ms7", "٣s",
                "99999999999999999999d", "999999999999999999d", "9223372036854775807"}) {
            OrunException e = assertThrows(OrunException.class, () -> Durations.parse(bad, "--lock-timeout"), "'" + bad + "'");
            assertEquals(Exit.USAGE, e.exit());
            assertTrue(e.getMessage().startsWith("--lock-timeout '" + bad + "' is not a duration"), e.getMessage());
        }
        assertThrows(OrunException.class, () -> Durations.parse(null, "--x"));
    }

    @Test
    void four_or_more_bare_digits_look_like_a_year_not_a_duration() {
        assertTrue(Durations.looksLikeDuration("7d"));
        assertTrue(Durations.looksLikeDuration("123"));
        assertTrue(Durations.looksLikeDuration("2026s"));
        assertFalse(Durations.looksLikeDuration("2026"));
        assertFalse(Durations.looksLikeDuration("2026-01-20"));
        assertFalse(Durations.looksLikeDuration("yesterday"));
        assertFalse(Durations.looksLikeDuration(null));
    }
}
