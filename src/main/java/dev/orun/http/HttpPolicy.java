package dev.orun.http;

import java.time.Duration;
import java.util.Set;

/**
 * How a client retries: which statuses, how many attempts, the backoff, and how long it may wait
 * for a rate limit. Shared by the LLM and GitHub clients.
 */
public record HttpPolicy(Duration timeout, int maxAttempts, Duration baseBackoff, Duration maxWait, Set<Integer> retryStatuses) {
    public HttpPolicy {
        retryStatuses = Set.copyOf(retryStatuses);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static HttpPolicy defaults(Duration timeout, Set<Integer> retryStatuses) {
        return new HttpPolicy(timeout, 4, Duration.ofSeconds(1), Duration.ofMinutes(2), retryStatuses);
    }

    /** Exponential backoff with full jitter for attempt n (1-based), capped at {@code maxWait}. */
    public Duration backoff(int attempt, double jitter) {
        long base = baseBackoff.toMillis() * (1L << Math.min(attempt - 1, 16));
        long ms = (long) (base * (0.5 + 0.5 * jitter));
        return Duration.ofMillis(Math.min(ms, maxWait.toMillis()));
    }
}
