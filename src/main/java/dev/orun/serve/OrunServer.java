package dev.orun.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orun.error.OrunException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code orun serve}: the runs API and the gate page in one process, on the JDK's own HTTP server
 * ({@code com.sun.net.httpserver}: no dependency to ship or keep up to date, nothing to start but a socket; the
 * API is a dozen routes of JSON, which needs no framework). Writes need the bearer token; reads are open to
 * loopback clients and need the token from anywhere else.
 */
public final class OrunServer implements AutoCloseable {
    public static final int THREADS = 16;
    /** How long a run list is reused (never after this server's own writes); see {@link RunListCache}. */
    public static final long LIST_CACHE_MILLIS = 1000;

    private final HttpServer server;
    private final ExecutorService pool;
    private final ApiToken token;
    private final RunsApi api;
    private final GatePage page;
    private final GateDecisions decisions;
    private final GateAnswers answers;
    private final RunMutexes mutexes = new RunMutexes();
    private final RunListCache lists;
    private final String version;
    private final Consumer<String> errors;

    private OrunServer(HttpServer server, ServeContext ctx, ApiToken token, Consumer<String> errors) {
        this.server = server;
        this.token = token;
        this.version = ctx.version();
        this.errors = errors;
        this.lists = new RunListCache(ctx.store(), LIST_CACHE_MILLIS);
        this.api = new RunsApi(ctx, new RequestSchemas(ctx.schemas()), mutexes, lists);
        this.page = new GatePage(ctx, lists);
        this.decisions = new GateDecisions(ctx);
        this.answers = new GateAnswers(errors);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "orun-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    /**
     * Binds {@code bind:port} (port 0: any free port) and starts serving.
     *
     * @param errors receives one line for each unexpected server error (never a token)
     */
    public static OrunServer start(ServeContext ctx, String bind, int port, Consumer<String> errors) {
        ApiToken token = ApiToken.from(ctx.env());
        if (token == null) {
            throw OrunException.usage("no API token: set PASS_API_TOKEN (or ORUN_API_TOKEN), in the environment or .env, "
                    + "to the token clients send as 'Authorization: Bearer TOKEN'");
        }
        // Headers and body go out as separate writes: without TCP_NODELAY, Nagle's algorithm and the client's delayed
        // ACK hold every small answer ~40 ms. The JDK server reads this once, when its configuration class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 512);
        } catch (java.net.BindException e) {
            throw OrunException.usage("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "): choose another --port, or stop what uses it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        OrunServer s = new OrunServer(server, ctx, token, errors);
        server.start();
        // The first list after a clone reads every record into the on-disk index: do it now, not in a client's request.
        Thread warm = new Thread(() -> {
            try {
                // through the cache's single flight, so a first request waits for this instead of reading beside it
                s.lists.get();
                s.api.warm();
                s.lists.invalidate();
            } catch (RuntimeException e) {
                errors.accept("orun serve: could not build the listing index: " + e.getMessage());
            }
        }, "orun-serve-index");
        warm.setDaemon(true);
        warm.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String tokenVariable() {
        return token.variable();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        answers.close();
    }

    private void handle(HttpExchange ex) {
        Call call = new Call(ex);
        boolean ui = !call.segments().isEmpty() && call.segments().get(0).equals("ui");
        try {
            route(call);
        } catch (ApiException e) {
            answer(call, ui, e);
        } catch (OrunException e) {
            answer(call, ui, RunsApi.fromOrun(e));
        } catch (RuntimeException e) {
            errors.accept("orun serve: " + call.method() + " " + ex.getRequestURI().getRawPath() + ": " + e);
            answer(call, ui, new ApiException(500, "internal", "orun failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")), null));
        }
    }

    private void answer(Call call, boolean ui, ApiException e) {
        if (e.status() == 401) {
            call.setHeader("WWW-Authenticate", "Bearer realm=\"orun\"");
        }
        e.headers().forEach(call::setHeader);
        if (ui) {
            call.html(e.status(), page.error(e.status(), e.getMessage()));
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("error", e.code());
        doc.put("message", e.getMessage());
        if (e.pointer() != null) {
            doc.put("pointer", e.pointer());
        }
        call.json(e.status(), doc);
    }

    private void route(Call call) {
        List<String> s = call.segments();
        if (s.isEmpty()) {
            call.redirect("/ui");
            return;
        }
        if (s.size() == 1 && s.get(0).equals("health") && call.method().equals("GET")) {
            call.json(200, Map.of("status", "ok", "version", version));
            return;
        }
        if (api.handle(call, () -> requireWrite(call), () -> requireRead(call))) {
            return;
        }
        if (s.get(0).equals("ui")) {
            ui(call, s);
            return;
        }
        throw ApiException.notFound("nothing at /" + String.join("/", s) + ": the API is under /runs, the gate page at /ui");
    }

    private void requireWrite(Call call) {
        if (!token.acceptsHeader(call.header("Authorization"))) {
            throw new ApiException(401, "unauthorized", call.header("Authorization") == null
                    ? "this needs 'Authorization: Bearer TOKEN' with the server's " + token.variable()
                    : "the bearer token is not the server's " + token.variable() + ": send the token the server was started with", null);
        }
    }

    private void requireRead(Call call) {
        if (!call.fromLoopback()) {
            requireWrite(call);
        }
    }

    // ---- the gate page

    private void ui(Call call, List<String> s) {
        boolean signedIn = token.accepts(call.cookie(GatePage.COOKIE));
        String m = call.method();
        if (m.equals("GET")) {
            if (!call.fromLoopback() && !signedIn) {
                call.html(401, page.error(401, "sign in from loopback, or send the token cookie; the page is open only on loopback"));
                return;
            }
            if (s.size() == 1) {
                call.html(200, page.runs());
                return;
            }
            if (s.size() == 3 && s.get(1).equals("runs")) {
                String runId = api.resolve(s.get(2));
                call.html(200, page.run(runId, signedIn, answers.job(runId)));
                return;
            }
            throw ApiException.notFound("no page /" + String.join("/", s));
        }
        if (!m.equals("POST")) {
            throw new ApiException(405, "not_allowed", m + " is not allowed on the page: use GET or a form's POST", null);
        }
        sameOrigin(call);
        if (s.size() == 2 && s.get(1).equals("login")) {
            Map<String, String> form = call.form();
            String back = form.getOrDefault("back", "/ui");
            if (!back.startsWith("/ui")) {
                back = "/ui";
            }
            if (!token.accepts(form.get("token"))) {
                throw new ApiException(401, "unauthorized", "that is not the server's " + token.variable() + ": go back and try again", null);
            }
            call.setHeader("Set-Cookie", GatePage.COOKIE + "=" + form.get("token") + "; Path=/ui; HttpOnly; SameSite=Strict");
            call.redirect(back);
            return;
        }
        if (s.size() == 6 && s.get(1).equals("runs") && s.get(3).equals("gates")) {
            if (!signedIn) {
                throw new ApiException(401, "unauthorized", "sign in with the server's " + token.variable() + " first (reload the run's page)", null);
            }
            String runId = api.resolve(s.get(2));
            String gate = s.get(4);
            Map<String, String> form = call.form();
            String answer = s.get(5);
            // The answer is checked now (a wrong gate is 409 at once); done and fail then run on a worker.
            switch (answer) {
                case "done" -> {
                    decisions.check(runId, gate);
                    answers.submit(runId, gate, answer, () -> mutexes.with(runId, () -> decisions.done(runId, gate)).lines(),
                            lists::invalidate);
                }
                case "fail" -> {
                    String reason = decisions.reason(form.get("reason"));
                    decisions.check(runId, gate);
                    answers.submit(runId, gate, answer, () -> mutexes.with(runId, () -> decisions.fail(runId, gate, reason)).lines(),
                            lists::invalidate);
                }
                case "pause" -> answers.record(runId, gate, answer, decisions.pause(runId, gate).lines());
                default -> throw ApiException.notFound("no answer '" + answer + "': use done, fail or pause");
            }
            call.redirect("/ui/runs/" + GatePage.url(runId));
            return;
        }
        throw ApiException.notFound("no page /" + String.join("/", s));
    }

    /** A form post must come from this page: a browser says where from, and it must be this server. */
    private static void sameOrigin(Call call) {
        String origin = call.header("Origin");
        String host = call.header("Host");
        if (origin != null && !origin.equals("null") && host != null && !origin.equals("http://" + host)) {
            throw new ApiException(403, "unauthorized", "a form from " + origin + " may not answer gates here", null);
        }
    }
}
