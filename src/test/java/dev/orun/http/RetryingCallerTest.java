package dev.orun.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one retry policy against a real server on 127.0.0.1, with an injected sleeper and clock: nothing waits. */
class RetryingCallerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final HttpPolicy POLICY = new HttpPolicy(Duration.ofSeconds(5), 4, Duration.ofSeconds(1),
            Duration.ofMinutes(2), Set.of(500, 503));

    @StartStop
    final MockWebServer server = new MockWebServer();

    private final List<Duration> slept = new CopyOnWriteArrayList<>();

    private RetryingCaller caller(HttpPolicy policy) {
        return new RetryingCaller(policy, slept::add, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Request get(String path) {
        return new Request.Builder().url(server.url(path)).build();
    }

    private static MockResponse answer(int code, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code);
        for (int i = 0; i < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    @Test
    void a_503_with_retry_after_seconds_waits_that_long_and_the_next_answer_counts() throws IOException {
        server.enqueue(answer(503, "Retry-After", "7"));
        server.enqueue(answer(200));
        try (Response r = caller(POLICY).execute(get("/a"))) {
            assertEquals(200, r.code());
        }
        assertEquals(List.of(Duration.ofSeconds(7)), slept);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void retry_after_ms_is_preferred_to_retry_after() throws IOException {
        server.enqueue(answer(503, "retry-after-ms", "1500", "Retry-After", "9"));
        server.enqueue(answer(200));
        caller(POLICY).execute(get("/a")).close();
        assertEquals(List.of(Duration.ofMillis(1500)), slept);
    }

    @Test
    void a_retry_after_date_is_measured_from_the_injected_clock() throws IOException {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
        server.enqueue(answer(503, "Retry-After", at));
        server.enqueue(answer(200));
        caller(POLICY).execute(get("/a")).close();
        assertEquals(List.of(Duration.ofSeconds(30)), slept);
    }

    @Test
    void a_server_wish_longer_than_the_allowed_wait_is_capped() throws IOException {
        server.enqueue(answer(503, "Retry-After", "3600"));
        server.enqueue(answer(200));
        caller(POLICY).execute(get("/a")).close();
        assertEquals(List.of(Duration.ofMinutes(2)), slept);
    }

    @Test
    void without_retry_headers_the_waits_back_off_exponentially_within_their_jitter() throws IOException {
        for (int i = 0; i < 3; i++) {
            server.enqueue(answer(500));
        }
        server.enqueue(answer(200));
        caller(POLICY).execute(get("/a")).close();
        assertEquals(3, slept.size(), slept.toString());
        for (int n = 1; n <= 3; n++) {
            long full = 1000L << (n - 1);
            long ms = slept.get(n - 1).toMillis();
            assertTrue(ms >= full / 2 && ms <= full, "attempt " + n + " waited " + ms + " ms, not within [" + full / 2 + ", " + full + "]");
        }
    }

    @Test
    void backoff_is_half_to_all_of_the_doubled_base_and_never_beyond_the_allowed_wait() {
        assertEquals(Duration.ofMillis(500), POLICY.backoff(1, 0.0));
        assertEquals(Duration.ofMillis(1000), POLICY.backoff(1, 1.0));
        assertEquals(Duration.ofMillis(3000), POLICY.backoff(3, 0.5));
        assertEquals(Duration.ofMinutes(2), POLICY.backoff(12, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new HttpPolicy(Duration.ofSeconds(1), 0, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Set.of()));
    }

    @Test
    void a_status_the_policy_does_not_list_is_answered_at_once() throws IOException {
        server.enqueue(answer(404, "Retry-After", "1"));
        try (Response r = caller(POLICY).execute(get("/a"))) {
            assertEquals(404, r.code());
        }
        assertEquals(List.of(), slept);
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void when_the_attempts_run_out_the_last_answer_is_returned_for_the_caller_to_report() throws IOException {
        for (int i = 0; i < 4; i++) {
            server.enqueue(answer(503, "Retry-After", "1"));
        }
        try (Response r = caller(POLICY).execute(get("/a"))) {
            assertEquals(503, r.code());
        }
        assertEquals(4, server.getRequestCount());
        assertEquals(3, slept.size());
    }

    @Test
    void a_refused_connection_is_retried_with_backoff_and_its_error_thrown_in_the_end() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Request req = new Request.Builder().url("http://127.0.0.1:" + port + "/a").build();
        assertThrows(IOException.class, () -> caller(POLICY).execute(req));
        assertEquals(3, slept.size(), "a wait before each of the three retries");
    }

    @Test
    void resend_is_asked_after_each_wait_and_false_ends_the_retries_without_sending_again() throws IOException {
        server.enqueue(answer(503, "Retry-After", "2"));
        server.enqueue(answer(200));
        AtomicInteger asked = new AtomicInteger();
        Request post = new Request.Builder().url(server.url("/issues"))
                .post(okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json"))).build();
        Optional<Response> r = caller(POLICY).execute(post, caller(POLICY).defaultDecider(), () -> asked.incrementAndGet() == 0);
        assertTrue(r.isEmpty());
        assertEquals(1, asked.get());
        assertEquals(1, server.getRequestCount(), "the POST went out once");
        assertEquals(List.of(Duration.ofSeconds(2)), slept);
    }

    @Test
    void an_interrupted_wait_is_not_retried() {
        server.enqueue(answer(503, "Retry-After", "1"));
        RetryingCaller interrupted = new RetryingCaller(POLICY, d -> {
            throw new InterruptedException();
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        IOException e = assertThrows(IOException.class, () -> interrupted.execute(get("/a")));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void a_redirect_is_followed_on_the_same_origin_only() throws IOException {
        server.enqueue(answer(302, "Location", "/b"));
        server.enqueue(answer(200));
        try (Response r = caller(POLICY).execute(get("/a"))) {
            assertEquals(200, r.code());
            assertEquals("/b", r.request().url().encodedPath());
        }
        server.enqueue(answer(302, "Location", "http://example.invalid/elsewhere"));
        try (Response r = caller(POLICY).execute(get("/c"))) {
            assertEquals(302, r.code(), "a redirect to another host is the answer, for the caller to report");
        }
        assertEquals(3, server.getRequestCount());
    }
}
