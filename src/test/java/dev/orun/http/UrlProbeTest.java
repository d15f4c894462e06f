package dev.orun.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UrlProbe against a real server on 127.0.0.1: the seed's 429 retries, and a closed port named as the cause. */
class UrlProbeTest {
    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void a_429_is_retried_after_2_then_4_seconds_and_the_third_answer_counts() {
        server.enqueue(new MockResponse.Builder().code(429).build());
        server.enqueue(new MockResponse.Builder().code(429).build());
        server.enqueue(new MockResponse.Builder().code(204).build());
        List<Duration> slept = new CopyOnWriteArrayList<>();
        UrlProbe.Outcome o = new UrlProbe(Duration.ofSeconds(5), 2, slept::add).probe(List.of(server.url("/img.webp").toString())).get(0);
        assertTrue(o.ok(), o.describe());
        assertEquals(204, o.status());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)), slept);
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void a_429_that_persists_is_a_failure_after_three_retries() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(429).build());
        }
        List<Duration> slept = new CopyOnWriteArrayList<>();
        UrlProbe.Outcome o = new UrlProbe(Duration.ofSeconds(5), 1, slept::add).probe(List.of(server.url("/x").toString())).get(0);
        assertEquals("429 " + server.url("/x"), o.describe());
        assertEquals(3, slept.size());
    }

    @Test
    void a_closed_port_and_a_non_http_url_are_named_with_their_cause() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<UrlProbe.Outcome> out = new UrlProbe(Duration.ofSeconds(2), 2, d -> { })
                .probe(List.of("http://127.0.0.1:" + port + "/a", "ftp://example.org/b"));
        assertEquals("0 http://127.0.0.1:" + port + "/a (connection refused by 127.0.0.1:" + port + ")", out.get(0).describe());
        assertEquals("0 ftp://example.org/b (not an http(s) URL)", out.get(1).describe());
    }
}
