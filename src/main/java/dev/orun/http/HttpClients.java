package dev.orun.http;

import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The process's one {@link OkHttpClient}: every client of orun is a {@code newBuilder()} variant of it, so they share
 * its connection pool and dispatcher threads (OkHttp's advice) and differ only in timeouts and redirect handling.
 * It holds no configuration, and is made on first use (a command that makes no request never loads OkHttp).
 */
public final class HttpClients {
    private HttpClients() {
    }

    private static final class Root {
        static final OkHttpClient CLIENT = new OkHttpClient();
    }

    /**
     * A variant with {@code timeout} to connect, read and write, {@code callTimeout} for the whole call, and no
     * redirects followed by OkHttp (callers follow them themselves: OkHttp would carry keys to another host).
     */
    public static OkHttpClient.Builder variant(Duration timeout, Duration callTimeout) {
        long ms = timeout.toMillis();
        return Root.CLIENT.newBuilder()
                .connectTimeout(ms, TimeUnit.MILLISECONDS)
                .readTimeout(ms, TimeUnit.MILLISECONDS)
                .writeTimeout(ms, TimeUnit.MILLISECONDS)
                .callTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false);
    }
}
