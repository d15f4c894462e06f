package dev.orun.http;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Sends a request and retries it under an {@link HttpPolicy}: on the policy's statuses and on I/O errors,
 * honouring {@code retry-after-ms}, {@code retry-after} (seconds or an HTTP date) and any extra wait a client
 * derives from its own headers (e.g. GitHub's {@code x-ratelimit-reset}). The caller owns the final response.
 */
public final class RetryingCaller {
    private static final int MAX_REDIRECTS = 5;

    /** For GET and HEAD: the transport may re-send on a stale connection. */
    private final OkHttpClient client;
    /** For everything else: a re-send could repeat a side effect (a second issue), so only this class retries. */
    private final OkHttpClient noResend;
    private final HttpPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;

    public RetryingCaller(HttpPolicy policy, Sleeper sleeper, Clock clock) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        // Redirects are followed here (see follow): OkHttp would carry x-api-key to another host.
        this.client = HttpClients.variant(policy.timeout(), policy.timeout().multipliedBy(2)).build();
        this.noResend = client.newBuilder().retryOnConnectionFailure(false).build();
    }

    /**
     * What to do with a response: {@code null} to accept it, or how long to wait before trying again.
     * The default retries the policy's statuses after the server's retry headers or a backoff.
     */
    public interface RetryDecider {
        Duration retryAfter(Response response, int attempt);
    }

    public RetryDecider defaultDecider() {
        return (response, attempt) -> policy.retryStatuses().contains(response.code()) ? serverWait(response, attempt) : null;
    }

    public Response execute(Request request) throws IOException {
        return execute(request, defaultDecider());
    }

    /** The last response when the retries run out (the caller reports it), or the I/O error of the last attempt. */
    public Response execute(Request request, RetryDecider decider) throws IOException {
        return execute(request, decider, () -> true).orElseThrow();
    }

    /**
     * As {@link #execute(Request, RetryDecider)}, but asks {@code resend} after each wait whether to send again:
     * {@code false} ends the retries with an empty result. A create that may have happened without an answer
     * looks for what it made there, so a retry never makes it twice.
     */
    public Optional<Response> execute(Request request, RetryDecider decider, BooleanSupplier resend) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Response response = follow(request);
                Duration wait = decider.retryAfter(response, attempt);
                if (wait == null || attempt >= policy.maxAttempts()) {
                    return Optional.of(response);
                }
                response.close();
                pause(wait);
            } catch (IOException e) {
                if (attempt >= policy.maxAttempts() || e instanceof Interrupted) {
                    throw e;
                }
                pause(policy.backoff(attempt, ThreadLocalRandom.current().nextDouble()));
            }
            if (!resend.getAsBoolean()) {
                return Optional.empty();
            }
        }
    }

    /**
     * Sends once, following redirects only within the same scheme, host and port (the request's headers, keys
     * among them, go nowhere else). A redirect elsewhere is returned as the answer, for the caller to report.
     */
    private Response follow(Request request) throws IOException {
        Request current = request;
        for (int hop = 0; ; hop++) {
            Response response = clientFor(current).newCall(current).execute();
            int code = response.code();
            String location = response.header("Location");
            if (hop >= MAX_REDIRECTS || location == null || (code != 301 && code != 302 && code != 303 && code != 307 && code != 308)) {
                return response;
            }
            okhttp3.HttpUrl target = current.url().resolve(location);
            if (target == null || !sameOrigin(current.url(), target)) {
                return response;
            }
            response.close();
            boolean keepMethod = code == 307 || code == 308 || current.method().equals("GET") || current.method().equals("HEAD");
            current = keepMethod ? current.newBuilder().url(target).build()
                    : current.newBuilder().url(target).get().build();
        }
    }

    static boolean sameOrigin(okhttp3.HttpUrl a, okhttp3.HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    private OkHttpClient clientFor(Request request) {
        return request.method().equals("GET") || request.method().equals("HEAD") ? client : noResend;
    }

    /** The server's wish ({@code retry-after-ms}, {@code retry-after}), else exponential backoff; capped at maxWait. */
    public Duration serverWait(Response response, int attempt) {
        Duration wait = parseRetryAfter(response.header("retry-after-ms"), response.header("retry-after"), clock.instant());
        if (wait == null) {
            wait = policy.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        }
        return cap(wait);
    }

    public Duration cap(Duration wait) {
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(policy.maxWait()) > 0 ? policy.maxWait() : wait;
    }

    static Duration parseRetryAfter(String retryAfterMs, String retryAfter, Instant now) {
        if (retryAfterMs != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(retryAfterMs.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        if (retryAfter != null) {
            String v = retryAfter.trim();
            try {
                return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
            } catch (NumberFormatException ignored) {
                try {
                    Instant at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return Duration.between(now, at);
                } catch (java.time.format.DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private void pause(Duration d) throws IOException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        }
    }

    /** The wait before a retry was interrupted: never itself retried. */
    static final class Interrupted extends IOException {
        Interrupted(InterruptedException cause) {
            super("interrupted while waiting to retry", cause);
        }
    }
}
