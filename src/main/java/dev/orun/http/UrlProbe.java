package dev.orun.http;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether URLs answer 2xx to a HEAD request, as the seed's {@code url_reachable} asks: at most 5 redirects
 * followed, a time limit per URL, a 429 retried up to 3 times (after 2, 4, 6 s), several URLs at once. The
 * transport never re-sends a request on its own.
 */
public final class UrlProbe {
    static final String USER_AGENT = "Mozilla/5.0 (compatible; orun url_reachable; +https://orun.dev)";
    static final int MAX_REDIRECTS = 5;

    /** One URL's answer: the final status (0 when none) and, when there was no answer, why. */
    public record Outcome(String url, int status, boolean ok, String error) {
        public String describe() {
            return status + " " + url + (error == null ? "" : " (" + error + ")");
        }
    }

    private final OkHttpClient client;
    private final Duration timeout;
    private final int parallelism;
    private final Sleeper sleeper;

    public UrlProbe(Duration timeout, int parallelism, Sleeper sleeper) {
        this.timeout = timeout;
        this.parallelism = Math.max(1, parallelism);
        this.sleeper = sleeper;
        this.client = HttpClients.variant(timeout, timeout).retryOnConnectionFailure(false).build();
    }

    /** Probes every URL (callers deduplicate), at most {@code parallelism} at once; outcomes in the given order. */
    public List<Outcome> probe(List<String> urls) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, urls.size())), r -> {
            Thread t = new Thread(r, "orun-url-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String u : urls) {
                futures.add(pool.submit(() -> one(u)));
            }
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    out.add(new Outcome(urls.get(i), 0, false, String.valueOf(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(new Outcome(urls.get(i), 0, false, "interrupted"));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    Outcome one(String url) {
        HttpUrl current = HttpUrl.parse(url);
        if (current == null) {
            return new Outcome(url, 0, false, "not an http(s) URL");
        }
        int retries = 0;
        for (int redirects = 0; ; ) {
            Request req = new Request.Builder().url(current).head().header("User-Agent", USER_AGENT).build();
            try (Response res = client.newCall(req).execute()) {
                int code = res.code();
                String location = res.header("Location");
                if (code >= 300 && code < 400 && location != null) {
                    if (++redirects > MAX_REDIRECTS) {
                        return new Outcome(url, 0, false, "Too many redirects (more than " + MAX_REDIRECTS + ")");
                    }
                    HttpUrl next = current.resolve(location);
                    if (next == null) {
                        return new Outcome(url, code, false, "redirect to an invalid location " + location);
                    }
                    current = next;
                    retries = 0;
                    continue;
                }
                if (code == 429 && retries < 3) {
                    retries++;
                    sleeper.sleep(Duration.ofSeconds(2L * retries));
                    continue;
                }
                boolean ok = code >= 200 && code < 300;
                return new Outcome(url, code, ok, null);
            } catch (InterruptedIOException e) {
                return new Outcome(url, 0, false, "Timeout (" + seconds() + ")");
            } catch (UnknownHostException e) {
                return new Outcome(url, 0, false, "unknown host " + current.host());
            } catch (ConnectException e) {
                return new Outcome(url, 0, false, "connection refused by " + current.host() + ":" + current.port());
            } catch (IOException e) {
                return new Outcome(url, 0, false, e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(url, 0, false, "interrupted");
            }
        }
    }

    private String seconds() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
