package dev.orun.github;

import dev.orun.http.HttpPolicy;
import dev.orun.http.RetryingCaller;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GitHub's retry rules, as a decider for the one retry policy ({@link RetryingCaller}): the primary limit
 * ({@code x-ratelimit-remaining: 0}) waits until {@code x-ratelimit-reset} (not at all when that is further off
 * than the allowed wait); secondary limits wait per {@code Retry-After}, else at least a minute; 5xx back off
 * honouring {@code Retry-After}.
 */
final class GitHubRetryRules implements RetryingCaller.RetryDecider {
    static final Duration SECONDARY_MIN_WAIT = Duration.ofMinutes(1);

    private final HttpPolicy policy;
    private final RetryingCaller caller;
    private final Clock clock;

    GitHubRetryRules(HttpPolicy policy, RetryingCaller caller, Clock clock) {
        this.policy = policy;
        this.caller = caller;
        this.clock = clock;
    }

    @Override
    public Duration retryAfter(Response r, int attempt) {
        int code = r.code();
        if (code == 403 || code == 429) {
            if (rateLimited(r) && r.header("retry-after") == null) {
                Duration wait = untilReset(r.header("x-ratelimit-reset"));
                return wait == null || wait.compareTo(policy.maxWait()) > 0 ? null : wait;
            }
            if (r.header("retry-after") != null) {
                return caller.serverWait(r, attempt);
            }
            if (code == 429 || secondary(r)) {
                Duration backoff = policy.backoff(attempt, ThreadLocalRandom.current().nextDouble());
                return caller.cap(backoff.compareTo(SECONDARY_MIN_WAIT) < 0 ? SECONDARY_MIN_WAIT : backoff);
            }
            return null;
        }
        return policy.retryStatuses().contains(code) ? caller.serverWait(r, attempt) : null;
    }

    private Duration untilReset(String reset) {
        if (reset == null) {
            return null;
        }
        try {
            Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.trim()))).plusSeconds(1);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean rateLimited(Response r) {
        return "0".equals(r.header("x-ratelimit-remaining"));
    }

    static boolean secondary(Response r) {
        return errorBody(r).toLowerCase(Locale.ROOT).contains("secondary rate limit");
    }

    /** The start of an error answer's body, without consuming it. */
    static String errorBody(Response r) {
        try {
            String s = r.peekBody(16_384).string();
            return s.length() > 500 ? s.substring(0, 500) + "…" : s;
        } catch (IOException e) {
            return "";
        }
    }
}
