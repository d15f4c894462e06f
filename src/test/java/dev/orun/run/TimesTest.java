package dev.orun.run;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Times writes and reads what java.time's formatters write and read, over ten thousand years and their edges. */
class TimesTest {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private static void same(Instant i) {
        assertEquals(ISO.format(i.truncatedTo(ChronoUnit.MILLIS)), Times.iso(i), i.toString());
        assertEquals(COMPACT.format(i), Times.compact(i), i.toString());
        String text = Times.iso(i);
        assertEquals(Instant.parse(text), Times.parse(text), text);
    }

    @Test
    void random_instants_over_ten_thousand_years_and_the_edges() {
        Random r = new Random(1970);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            same(Instant.ofEpochSecond(min + Math.floorMod(r.nextLong(), max - min), r.nextInt(1_000_000_000)));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00Z",
                "1900-03-01T00:00:00Z", "2100-02-28T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                "2026-12-02T11:00:00.000500Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
            same(Instant.parse(edge));
        }
    }

    @Test
    void other_text_is_left_to_java_time() {
        assertEquals(Instant.parse("2026-12-02T11:00:00Z"), Times.parse("2026-12-02T11:00:00Z"));
        assertEquals(Instant.parse("2026-12-02T11:00:00.123456Z"), Times.parse("2026-12-02T11:00:00.123456Z"));
        for (String bad : new String[] {"2026-02-30T11:00:00.000Z", "2026-13-01T11:00:00.000Z", "2026-12-02T25:00:00.000Z",
                "2026-12-02 11:00:00.000Z", "yesterday"}) {
            assertThrows(java.time.format.DateTimeParseException.class, () -> Times.parse(bad), bad);
        }
    }
}
