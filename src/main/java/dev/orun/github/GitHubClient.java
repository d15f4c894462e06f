package dev.orun.github;

import dev.orun.http.HttpPolicy;
import dev.orun.http.RetryingCaller;
import dev.orun.http.Sleeper;
import dev.orun.schema.Json;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitHub REST client for issues and labels of one repository: versioned JSON headers, a bearer token,
 * pagination through {@code Link} headers. Retries are the one policy's ({@link RetryingCaller}) under GitHub's
 * rules ({@link GitHubRetryRules}). Creating an issue is never blindly retried, by OkHttp or by orun: before any
 * retry the client looks for the issue first (see {@link #createIssue}).
 */
public final class GitHubClient {
    public static final String API_VERSION = "2022-11-28";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"([^\"]*)\"");
    private static final int PER_PAGE = 100;
    private static final int MAX_PAGES = 10_000;

    private final GitHubSettings settings;
    private final HttpUrl repoUrl;
    private final RetryingCaller caller;
    private final GitHubRetryRules rules;
    private final String userAgent;
    private final Consumer<String> requestLog;

    /**
     * @param requestLog receives one line per answered request ({@code METHOD path status}); never the token
     */
    public GitHubClient(GitHubSettings settings, Sleeper sleeper, Clock clock, String userAgent, Consumer<String> requestLog) {
        this.settings = settings;
        HttpUrl base = HttpUrl.parse(settings.apiUrl() + "/");
        if (base == null) {
            throw new IllegalArgumentException("not a URL: " + settings.apiUrl());
        }
        String[] ownerRepo = settings.repository().split("/", 2);
        this.repoUrl = base.newBuilder().addPathSegment("repos").addPathSegment(ownerRepo[0]).addPathSegment(ownerRepo[1]).build();
        HttpPolicy policy = new HttpPolicy(settings.timeout(), 4, Duration.ofSeconds(1), settings.maxRateLimitWait(),
                Set.of(500, 502, 503, 504));
        this.caller = new RetryingCaller(policy, sleeper, clock);
        this.rules = new GitHubRetryRules(policy, caller, clock);
        this.userAgent = userAgent;
        this.requestLog = requestLog;
    }

    public String repository() {
        return settings.repository();
    }

    /** Every issue (not pull request) carrying {@code label}, open or closed, through every page. */
    public List<GitHubIssue> listIssues(String label) {
        HttpUrl url = repoUrl.newBuilder().addPathSegment("issues").addQueryParameter("labels", label)
                .addQueryParameter("state", "all").addQueryParameter("sort", "created").addQueryParameter("direction", "asc")
                .addQueryParameter("per_page", String.valueOf(PER_PAGE)).build();
        List<GitHubIssue> out = new ArrayList<>();
        for (JsonNode n : getAllPages(url)) {
            GitHubIssue issue = GitHubIssue.from(n);
            if (!issue.pullRequest()) {
                out.add(issue);
            }
        }
        return out;
    }

    /** One issue; empty when GitHub says it does not exist (404) or was deleted or transferred (410). */
    public Optional<GitHubIssue> getIssue(int number) {
        HttpUrl url = repoUrl.newBuilder().addPathSegment("issues").addPathSegment(String.valueOf(number)).build();
        Request req = request(url).get().build();
        try (Response r = send(req)) {
            if (r.code() == 404 || r.code() == 410) {
                return Optional.empty();
            }
            GitHubIssue issue = GitHubIssue.from(body(req, r));
            return issue.pullRequest() ? Optional.empty() : Optional.of(issue);
        }
    }

    /** The names of the repository's labels, through every page. */
    public List<String> listLabels() {
        HttpUrl url = repoUrl.newBuilder().addPathSegment("labels").addQueryParameter("per_page", String.valueOf(PER_PAGE)).build();
        List<String> names = new ArrayList<>();
        for (JsonNode n : getAllPages(url)) {
            names.add(n.path("name").asString(""));
        }
        return names;
    }

    /** Creates a label; one that already exists (422 {@code already_exists}) is fine. */
    public void createLabel(String name, String color, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("color", color);
        body.put("description", description);
        Request req = request(repoUrl.newBuilder().addPathSegment("labels").build()).post(json(body)).build();
        try (Response r = send(req)) {
            if (r.code() == 422 && GitHubRetryRules.errorBody(r).contains("already_exists")) {
                return;
            }
            body(req, r);
        }
    }

    /**
     * Creates an issue. The POST is sent once per attempt and never re-sent by the transport; before every
     * retry (after a 5xx, a lost connection or a rate-limit answer) {@code alreadyMade} is looked for among the
     * newest issues carrying {@code label}, so a retry never duplicates an issue GitHub made but did not confirm.
     */
    public GitHubIssue createIssue(String title, String body, List<String> labels, String label, Predicate<GitHubIssue> alreadyMade) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", title);
        payload.put("body", body);
        payload.put("labels", labels);
        Request req = request(repoUrl.newBuilder().addPathSegment("issues").build()).post(json(payload)).build();
        AtomicReference<GitHubIssue> made = new AtomicReference<>();
        Optional<Response> answer = send(req, () -> {
            log(describe(req) + " got no usable answer; looking for the issue before sending it again");
            newestMatching(label, alreadyMade).ifPresent(made::set);
            return made.get() == null;
        });
        if (answer.isEmpty()) {
            return made.get();
        }
        try (Response r = answer.get()) {
            return GitHubIssue.from(body(req, r));
        }
    }

    /** Sets an issue's title, body and labels. */
    public GitHubIssue updateIssue(int number, String title, String body, List<String> labels) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", title);
        payload.put("body", body);
        payload.put("labels", labels);
        HttpUrl url = repoUrl.newBuilder().addPathSegment("issues").addPathSegment(String.valueOf(number)).build();
        Request req = request(url).patch(json(payload)).build();
        try (Response r = send(req)) {
            return GitHubIssue.from(body(req, r));
        }
    }

    /** The first of the newest issues with {@code label} (one page) that {@code test} accepts. */
    private Optional<GitHubIssue> newestMatching(String label, Predicate<GitHubIssue> test) {
        HttpUrl url = repoUrl.newBuilder().addPathSegment("issues").addQueryParameter("labels", label)
                .addQueryParameter("state", "all").addQueryParameter("sort", "created").addQueryParameter("direction", "desc")
                .addQueryParameter("per_page", String.valueOf(PER_PAGE)).build();
        Request req = request(url).get().build();
        try (Response r = send(req)) {
            for (JsonNode n : body(req, r)) {
                GitHubIssue issue = GitHubIssue.from(n);
                if (!issue.pullRequest() && test.test(issue)) {
                    return Optional.of(issue);
                }
            }
        }
        return Optional.empty();
    }

    private List<JsonNode> getAllPages(HttpUrl first) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        HttpUrl url = first;
        for (int page = 0; url != null && page < MAX_PAGES && seen.add(url.toString()); page++) {
            Request req = request(url).get().build();
            try (Response r = send(req)) {
                JsonNode body = body(req, r);
                if (!body.isArray()) {
                    throw new GitHubException(GitHubException.Kind.OTHER, r.code(), "GitHub answered " + describe(req)
                            + " with something other than a list", "not a JSON array");
                }
                body.forEach(items::add);
                url = next(url, r.header("Link"));
            }
        }
        return items;
    }

    /**
     * The next page from a {@code Link} header. A link to another host is not followed as is (the token stays
     * with the configured API): its query is applied to the same endpoint instead. A page already fetched ends
     * the walk (it holds nothing new).
     */
    static HttpUrl next(HttpUrl current, String linkHeader) {
        if (linkHeader == null) {
            return null;
        }
        Matcher m = LINK.matcher(linkHeader);
        while (m.find()) {
            if (!List.of(m.group(2).trim().split("\\s+")).contains("next")) {
                continue;
            }
            HttpUrl link = current.resolve(m.group(1).trim());
            if (link == null) {
                return null;
            }
            if (link.scheme().equals(current.scheme()) && link.host().equals(current.host()) && link.port() == current.port()) {
                return link;
            }
            HttpUrl.Builder b = current.newBuilder();
            for (String name : link.queryParameterNames()) {
                b.setQueryParameter(name, link.queryParameter(name));
            }
            return b.build();
        }
        return null;
    }

    private Request.Builder request(HttpUrl url) {
        return new Request.Builder().url(url)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("Authorization", "Bearer " + settings.token())
                .header("User-Agent", userAgent);
    }

    private static RequestBody json(Object value) {
        return RequestBody.create(Json.STRICT.writeValueAsString(value), JSON);
    }

    /** Sends with retries; a non-2xx final answer other than those the caller inspects is thrown as a GitHubException. */
    private Response send(Request req) {
        return send(req, () -> true).orElseThrow();
    }

    /** As {@link #send(Request)}; {@code resend} is asked before every retry (see {@link RetryingCaller}). */
    private Optional<Response> send(Request req, BooleanSupplier resend) {
        long started = System.nanoTime();
        Optional<Response> answer;
        try {
            answer = caller.execute(req, rules, resend);
        } catch (IOException e) {
            log(req.method() + " " + req.url().encodedPath() + " failed: " + e.getClass().getSimpleName());
            throw new GitHubException(GitHubException.Kind.UNREACHABLE, 0, settings.redact("cannot reach GitHub at "
                    + settings.apiUrl() + " (" + describe(req) + "): " + e.getMessage()), settings.redact(String.valueOf(e.getMessage())));
        }
        answer.ifPresent(r -> log(req.method() + " " + req.url().encodedPath()
                + (req.url().encodedQuery() == null ? "" : "?" + req.url().encodedQuery()) + " " + r.code() + " "
                + (System.nanoTime() - started) / 1_000_000 + "ms"));
        return answer;
    }

    private JsonNode body(Request req, Response r) {
        if (!r.isSuccessful()) {
            throw failure(req, r);
        }
        try {
            String text = r.body().string();
            return text.isBlank() ? Json.LENIENT.createObjectNode() : Json.LENIENT.readTree(text);
        } catch (IOException | JacksonException e) {
            throw new GitHubException(GitHubException.Kind.OTHER, r.code(), "GitHub's answer to " + describe(req)
                    + " is not JSON: " + settings.redact(e.getMessage()), "unreadable answer");
        }
    }

    private GitHubException failure(Request req, Response r) {
        int code = r.code();
        String message = githubMessage(r);
        GitHubException.Kind kind;
        if (code == 401) {
            kind = GitHubException.Kind.AUTH;
        } else if ((code == 403 || code == 429) && (GitHubRetryRules.rateLimited(r) || code == 429 || GitHubRetryRules.secondary(r))) {
            kind = GitHubException.Kind.RATE_LIMIT;
            String reset = r.header("x-ratelimit-reset");
            if ("0".equals(r.header("x-ratelimit-remaining")) && reset != null) {
                try {
                    message = message + " (the rate limit resets at " + Instant.ofEpochSecond(Long.parseLong(reset.trim())) + ")";
                } catch (NumberFormatException ignored) {
                    // keep GitHub's message alone
                }
            }
        } else if (code == 403) {
            kind = GitHubException.Kind.FORBIDDEN;
        } else if (code == 404) {
            kind = GitHubException.Kind.NOT_FOUND;
        } else if (code == 410) {
            kind = GitHubException.Kind.GONE;
        } else if (code == 422) {
            kind = GitHubException.Kind.INVALID;
        } else if (code >= 500) {
            kind = GitHubException.Kind.SERVER;
        } else {
            kind = GitHubException.Kind.OTHER;
        }
        String text = "GitHub answered " + code + " to " + describe(req) + (message.isEmpty() ? "" : ": " + message);
        return new GitHubException(kind, code, settings.redact(text), settings.redact(message));
    }

    /** GitHub's {@code message} plus the {@code errors} details of a 422, on one line. */
    private String githubMessage(Response r) {
        String raw = GitHubRetryRules.errorBody(r);
        try {
            JsonNode n = Json.LENIENT.readTree(raw);
            StringBuilder sb = new StringBuilder(n.path("message").asString(""));
            List<String> details = new ArrayList<>();
            for (JsonNode e : n.path("errors")) {
                if (e.isString()) {
                    details.add(e.asString());
                } else if (e.hasNonNull("message")) {
                    details.add(e.path("message").asString());
                } else {
                    details.add((e.path("field").asString("") + " " + e.path("code").asString("")).strip());
                }
            }
            if (!details.isEmpty()) {
                sb.append(" (").append(String.join("; ", details)).append(")");
            }
            return sb.toString().replaceAll("\\s+", " ").strip();
        } catch (JacksonException | IllegalArgumentException e) {
            return raw.replaceAll("\\s+", " ").strip();
        }
    }

    private void log(String line) {
        requestLog.accept(settings.redact(line));
    }

    private static String describe(Request req) {
        return req.method() + " " + req.url().encodedPath();
    }
}
