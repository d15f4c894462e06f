package dev.orun.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.orun.schema.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request and its answer: the path split into decoded segments, the query, the body, and the reply helpers. */
final class Call {
    static final int MAX_BODY = 16 * 1024 * 1024;

    private final HttpExchange ex;
    private final List<String> segments;
    private final Map<String, String> query;
    private byte[] body;

    Call(HttpExchange ex) {
        this.ex = ex;
        String raw = ex.getRequestURI().getRawPath();
        List<String> segs = new ArrayList<>();
        for (String s : raw.split("/")) {
            if (!s.isEmpty()) {
                segs.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        this.segments = List.copyOf(segs);
        this.query = parseQuery(ex.getRequestURI().getRawQuery());
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    String method() {
        return ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
    }

    List<String> segments() {
        return segments;
    }

    String query(String name) {
        return query.get(name);
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    boolean fromLoopback() {
        return ex.getRemoteAddress().getAddress().isLoopbackAddress();
    }

    /** A cookie's value, or null. */
    String cookie(String name) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String h : headers) {
            for (String part : h.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    byte[] body() {
        if (body == null) {
            try (InputStream in = ex.getRequestBody()) {
                byte[] b = in.readNBytes(MAX_BODY + 1);
                if (b.length > MAX_BODY) {
                    // Read (and drop) the rest of the body, up to a bound, before answering: a connection closed with
                    // unread bytes in its receive buffer is reset, and a reset can discard the answer before the client
                    // reads it (seen: "fixed content-length: 94, bytes received: 0"). The connection still ends after
                    // the answer: say so, or a client that pools connections sends its next request into it.
                    drain(in, DRAIN_LIMIT);
                    ex.getResponseHeaders().set("Connection", "close");
                    throw new ApiException(413, "invalid_request", "the body is larger than " + (MAX_BODY >> 20)
                            + " MiB: send smaller artifacts", null);
                }
                body = b;
            } catch (IOException e) {
                throw new ApiException(400, "invalid_request", "the body could not be read: " + e.getMessage(), null);
            }
        }
        return body;
    }

    /** At most this much of an oversized body is read and dropped so that its answer arrives; past it, the reset is accepted. */
    private static final long DRAIN_LIMIT = 256L << 20;

    private static void drain(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[64 << 10];
        long seen = 0;
        int n;
        while (seen < limit && (n = in.read(buf)) >= 0) {
            seen += n;
        }
    }

    /** The body as an HTML form ({@code application/x-www-form-urlencoded}). */
    Map<String, String> form() {
        return parseQuery(new String(body(), StandardCharsets.UTF_8));
    }

    void json(int status, Object value) {
        send(status, "application/json; charset=utf-8", Json.STRICT.writeValueAsBytes(value));
    }

    void jsonBytes(int status, byte[] json) {
        send(status, "application/json; charset=utf-8", json);
    }

    void text(int status, byte[] text) {
        send(status, "text/plain; charset=utf-8", text);
    }

    void html(int status, String page) {
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        send(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    void redirect(String location) {
        ex.getResponseHeaders().set("Location", location);
        send(303, "text/plain; charset=utf-8", new byte[0]);
    }

    void setHeader(String name, String value) {
        ex.getResponseHeaders().add(name, value);
    }

    private void send(int status, String type, byte[] bytes) {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            ex.close();
        }
    }
}
