package dev.orun.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * UTC timestamps with milliseconds, as records store them ({@code 2026-12-02T11:00:00.000Z}). Written and read here
 * by arithmetic for the years 0000–9999: java.time's formatter machinery (~50 classes and a pattern to compile) costs a
 * short write more than the rest of its time handling; outside those years, and for any other text, java.time does it
 * (TimesTest holds both to one answer).
 */
public final class Times {
    private Times() {
    }

    public static String iso(Instant instant) {
        long ms = instant.getEpochSecond() * 1000 + instant.getNano() / 1_000_000;
        String s = format(ms, true);
        return s != null ? s : Formats.ISO.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String compact(Instant instant) {
        long ms = instant.getEpochSecond() * 1000 + instant.getNano() / 1_000_000;
        String s = format(ms, false);
        return s != null ? s : Formats.COMPACT.format(instant);
    }

    public static Instant parse(String iso) {
        Instant fast = parseMillis(iso);
        return fast != null ? fast : Instant.parse(iso);
    }

    /** The formatters, made only for a year outside 0000–9999. */
    private static final class Formats {
        static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    }

    /** Epoch milliseconds as {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} (or without separators); null outside 0000–9999. */
    private static String format(long epochMs, boolean separators) {
        long days = Math.floorDiv(epochMs, 86_400_000L);
        long msOfDay = Math.floorMod(epochMs, 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian as java.time).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return null;
        }
        StringBuilder sb = new StringBuilder(24);
        pad(sb, year, 4);
        if (separators) {
            sb.append('-');
        }
        pad(sb, month, 2);
        if (separators) {
            sb.append('-');
        }
        pad(sb, day, 2);
        sb.append('T');
        pad(sb, msOfDay / 3_600_000, 2);
        if (separators) {
            sb.append(':');
        }
        pad(sb, msOfDay / 60_000 % 60, 2);
        if (separators) {
            sb.append(':');
        }
        pad(sb, msOfDay / 1000 % 60, 2);
        if (separators) {
            sb.append('.');
        }
        pad(sb, msOfDay % 1000, 3);
        return sb.append('Z').toString();
    }

    private static void pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** {@code uuuu-MM-ddTHH:mm:ss.SSSZ} exactly (the form orun writes), as an instant; null for any other text. */
    private static Instant parseMillis(String s) {
        if (s == null || s.length() != 24 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int milli = digits(s, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) {
            return null; // java.time says what is wrong (or, for 24:00 or a leap second, what it makes of it)
        }
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long mp = month > 2 ? month - 3 : month + 9;
        long doy = (153 * mp + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146_097 + doe - 719_468;
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, milli * 1_000_000L);
    }

    private static int lengthOfMonth(int year, int month) {
        if (month == 2) {
            return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
