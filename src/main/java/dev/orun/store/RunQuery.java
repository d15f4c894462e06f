package dev.orun.store;

import dev.orun.error.OrunException;
import dev.orun.run.Durations;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The filters of {@code run list}. Null fields match everything. */
public record RunQuery(String status, String workflow, Instant since, String grep, Integer limit) {

    /** {@code --since}: a date ({@code 2026-01-20}), a timestamp, or a duration back from now ({@code 7d}, {@code 12h}). */
    public static Instant parseSince(String text, Clock clock) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        try {
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
                return Instant.parse(t);
            }
        } catch (DateTimeParseException e) {
            throw OrunException.usage("--since '" + text + "' is not a date: use 2026-01-20, 2026-01-20T10:00:00Z or a duration like 7d");
        }
        if (!Durations.looksLikeDuration(t)) {
            throw OrunException.usage("--since '" + text + "' is neither a date nor a duration: use 2026-01-20 or 7d, 12h");
        }
        return clock.instant().minus(Durations.parse(t, "--since"));
    }

    /** The filter as a predicate, with the {@code --since} bound formatted once. */
    public java.util.function.Predicate<RunSummary> predicate() {
        String sinceIso = since == null ? null : dev.orun.run.Times.iso(since);
        String needle = grep == null ? null : grep.toLowerCase(java.util.Locale.ROOT);
        return new java.util.function.Predicate<>() { // a class, not a lambda: run list runs none (docs/performance.md)
            @Override
            public boolean test(RunSummary s) {
                return (status == null || status.equalsIgnoreCase(s.status()))
                        && (workflow == null || workflow.equals(s.workflow()))
                        && (since == null || startedSince(s.startedAt(), sinceIso))
                        && (needle == null || s.matchesLowercase(needle));
            }
        };
    }

    private boolean startedSince(String startedAt, String sinceIso) {
        // Records store UTC ISO timestamps with milliseconds, which sort as strings; parse only other forms.
        if (startedAt.length() == 24 && startedAt.endsWith("Z")) {
            return startedAt.compareTo(sinceIso) >= 0;
        }
        try {
            return !Instant.parse(startedAt).isBefore(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
