package dev.orun.github;

import dev.orun.schema.Json;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A stateful stand-in for GitHub's issues and labels endpoints of one repository: it keeps issues and labels,
 * paginates with Link headers, checks the bearer token, and fails on demand. Every request is recorded.
 */
public final class FakeGitHub extends Dispatcher {
    /** One issue as the fake keeps it. */
    public static final class Issue {
        public final int number;
        public String title;
        public String body;
        public String state = "open";
        public List<String> labels;
        public final boolean pullRequest;

        Issue(int number, String title, String body, List<String> labels, boolean pullRequest) {
            this.number = number;
            this.title = title;
            this.body = body;
            this.labels = new ArrayList<>(labels);
            this.pullRequest = pullRequest;
        }
    }

    /** A request as received: method, path, query, body and the headers that matter. */
    public record Seen(String method, String path, String query, String body, String authorization, String accept,
                       String apiVersion, String userAgent) {
        public boolean isWrite() {
            return !method.equals("GET");
        }
    }

    private final String repo;
    private final String token;
    private final Map<Integer, Issue> issues = new TreeMap<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Seen> seen = new ArrayList<>();
    private int nextNumber = 1;
    private int pageSize = 100;
    private int createsBeforeFailure = Integer.MAX_VALUE;
    private int createsAnsweredWith500AfterMaking = 0;
    private java.util.function.IntPredicate dropCreate = n -> false;
    private int createsMade = 0;
    private final List<Function<RecordedRequest, MockResponse>> interceptors = new ArrayList<>();

    public FakeGitHub(String repo, String token) {
        this.repo = repo;
        this.token = token;
    }

    public synchronized FakeGitHub pageSize(int n) {
        this.pageSize = n;
        return this;
    }

    /** Issue creations after the first {@code n} are answered 500 (and not made). */
    public synchronized FakeGitHub failCreatesAfter(int n) {
        this.createsBeforeFailure = n;
        return this;
    }

    /** The next {@code n} creations are made but answered 500, as when a response is lost on the way back. */
    public synchronized FakeGitHub makeButAnswer500(int n) {
        this.createsAnsweredWith500AfterMaking = n;
        return this;
    }

    /**
     * The creations whose 1-based count {@code which} accepts are made, then the connection is closed before any
     * answer (a response lost on the way back).
     */
    public synchronized FakeGitHub makeButDrop(java.util.function.IntPredicate which) {
        this.dropCreate = which;
        return this;
    }

    /** Answers the next request for which {@code f} returns a response with it (once). */
    public synchronized FakeGitHub interceptOnce(Function<RecordedRequest, MockResponse> f) {
        interceptors.add(f);
        return this;
    }

    public synchronized List<Issue> issues() {
        return new ArrayList<>(issues.values());
    }

    public synchronized Issue issue(int number) {
        return issues.get(number);
    }

    public synchronized List<String> labels() {
        return new ArrayList<>(labels);
    }

    public synchronized List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    public synchronized List<Seen> writes() {
        return seen.stream().filter(Seen::isWrite).toList();
    }

    public synchronized void clearSeen() {
        seen.clear();
    }

    /** An issue or pull request made outside orun. */
    public synchronized Issue add(String title, String body, List<String> issueLabels, boolean pullRequest) {
        Issue i = new Issue(nextNumber++, title, body, issueLabels, pullRequest);
        issues.put(i.number, i);
        return i;
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest req) {
        HttpUrl url = req.getUrl();
        String body = req.getBody() == null ? "" : req.getBody().utf8();
        seen.add(new Seen(req.getMethod(), url.encodedPath(), url.encodedQuery(), body, req.getHeaders().get("Authorization"),
                req.getHeaders().get("Accept"), req.getHeaders().get("X-GitHub-Api-Version"), req.getHeaders().get("User-Agent")));
        for (int i = 0; i < interceptors.size(); i++) {
            MockResponse r = interceptors.get(i).apply(req);
            if (r != null) {
                interceptors.remove(i);
                return r;
            }
        }
        if (!("Bearer " + token).equals(req.getHeaders().get("Authorization"))) {
            return json(401, message("Bad credentials"));
        }
        String prefix = "/repos/" + repo + "/";
        String path = url.encodedPath();
        if (!path.startsWith(prefix)) {
            return json(404, message("Not Found"));
        }
        String rest = path.substring(prefix.length());
        String[] parts = rest.split("/");
        String method = req.getMethod();
        JsonNode in = body.isEmpty() ? null : Json.LENIENT.readTree(body);
        if (parts[0].equals("issues") && parts.length == 1 && method.equals("GET")) {
            String label = url.queryParameter("labels");
            List<Issue> list = issues.values().stream()
                    .filter(i -> label == null || i.labels.stream().anyMatch(label::equalsIgnoreCase))
                    .sorted(Comparator.comparingInt(i -> i.number)).toList();
            if ("desc".equals(url.queryParameter("direction"))) {
                list = new ArrayList<>(list);
                java.util.Collections.reverse(list);
            }
            return page(url, list.stream().map(this::issueJson).toList());
        }
        if (parts[0].equals("issues") && parts.length == 1 && method.equals("POST")) {
            for (JsonNode l : in.path("labels")) {
                if (labels.stream().noneMatch(l.asString()::equalsIgnoreCase)) {
                    return json(422, validation("label " + l.asString() + " does not exist"));
                }
            }
            if (createsBeforeFailure <= 0) {
                return json(500, message("Server Error"));
            }
            createsBeforeFailure--;
            Issue i = add(in.path("title").asString(), in.path("body").asString(), strings(in.path("labels")), false);
            if (createsAnsweredWith500AfterMaking > 0) {
                createsAnsweredWith500AfterMaking--;
                return json(502, message("Bad Gateway"));
            }
            if (dropCreate.test(++createsMade)) {
                return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
            }
            return json(201, issueJson(i));
        }
        if (parts[0].equals("issues") && parts.length == 2) {
            Issue i = issues.get(Integer.parseInt(parts[1]));
            if (i == null) {
                return json(404, message("Not Found"));
            }
            if (method.equals("GET")) {
                return json(200, issueJson(i));
            }
            if (method.equals("PATCH")) {
                if (in.has("title")) {
                    i.title = in.path("title").asString();
                }
                if (in.has("body")) {
                    i.body = in.path("body").asString();
                }
                if (in.has("labels")) {
                    i.labels = strings(in.path("labels"));
                }
                return json(200, issueJson(i));
            }
        }
        if (parts[0].equals("labels") && parts.length == 1 && method.equals("GET")) {
            return page(url, labels.stream().map(n -> (JsonNode) Json.LENIENT.createObjectNode().put("name", n)).toList());
        }
        if (parts[0].equals("labels") && parts.length == 1 && method.equals("POST")) {
            String name = in.path("name").asString();
            if (labels.stream().anyMatch(name::equalsIgnoreCase)) {
                ObjectNode v = validation("already_exists");
                return json(422, v);
            }
            labels.add(name);
            return json(201, Json.LENIENT.createObjectNode().put("name", name).put("color", in.path("color").asString()));
        }
        return json(404, message("Not Found"));
    }

    private MockResponse page(HttpUrl url, List<JsonNode> all) {
        int perPage = Math.min(pageSize, url.queryParameter("per_page") == null ? 30 : Integer.parseInt(url.queryParameter("per_page")));
        int page = url.queryParameter("page") == null ? 1 : Integer.parseInt(url.queryParameter("page"));
        int from = Math.min((page - 1) * perPage, all.size());
        int to = Math.min(from + perPage, all.size());
        ArrayNode arr = Json.LENIENT.createArrayNode();
        all.subList(from, to).forEach(arr::add);
        MockResponse.Builder b = new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(arr.toString());
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        if (page < last) {
            b.addHeader("Link", "<" + url.newBuilder().setQueryParameter("page", String.valueOf(page + 1)).build() + ">; rel=\"next\", <"
                    + url.newBuilder().setQueryParameter("page", String.valueOf(last)).build() + ">; rel=\"last\"");
        }
        return b.build();
    }

    private JsonNode issueJson(Issue i) {
        ObjectNode n = Json.LENIENT.createObjectNode();
        n.put("id", 1000 + i.number);
        n.put("number", i.number);
        n.put("title", i.title);
        n.put("body", i.body);
        n.put("state", i.state);
        n.put("html_url", "https://github.com/" + repo + "/issues/" + i.number);
        ArrayNode ls = n.putArray("labels");
        i.labels.forEach(l -> ls.addObject().put("name", l).put("color", "ededed"));
        if (i.pullRequest) {
            n.putObject("pull_request").put("url", "https://api.github.com/repos/" + repo + "/pulls/" + i.number);
        }
        return n;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(e -> out.add(e.asString()));
        return out;
    }

    static ObjectNode message(String m) {
        return Json.LENIENT.createObjectNode().put("message", m).put("documentation_url", "https://docs.github.com/rest");
    }

    private static ObjectNode validation(String code) {
        ObjectNode n = message("Validation Failed");
        n.putArray("errors").addObject().put("resource", "Label").put("code", code).put("field", "name");
        return n;
    }

    public static MockResponse json(int code, JsonNode body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8")
                .body(body.toString()).build();
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
