package dev.orun.github;

import dev.orun.http.HttpClients;
import dev.orun.http.Secrets;
import dev.orun.schema.Json;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /repos/{owner}/{repo}/actions/workflows/{file}/dispatches}: starts a GitHub Actions workflow for a run.
 * It asks for the run's details ({@code return_run_details}, GitHub's 200 with {@code workflow_run_id}); a server
 * that does not know that field (older GitHub Enterprise, 400/422 naming it) is asked once more without it and
 * answers 204. Never retried otherwise: a dispatch is not idempotent, and a second one would start a second run.
 */
public final class WorkflowDispatcher {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final WorkflowDispatchSettings settings;
    private final OkHttpClient http;
    private final String userAgent;

    public WorkflowDispatcher(WorkflowDispatchSettings settings, Duration timeout, String userAgent) {
        this.settings = settings;
        this.userAgent = userAgent;
        this.http = HttpClients.variant(timeout, timeout.multipliedBy(2)).build();
    }

    /** What GitHub answered: 204 without details, or 200 with the workflow run's id and URLs. */
    public record Dispatched(int status, Long workflowRunId, String runUrl, String htmlUrl) {
    }

    public Dispatched dispatch(Map<String, String> inputs) {
        try {
            return send(inputs, true);
        } catch (GitHubException e) {
            if ((e.status() == 400 || e.status() == 422) && String.valueOf(e.githubMessage()).contains("return_run_details")) {
                return send(inputs, false);
            }
            throw e;
        }
    }

    private Dispatched send(Map<String, String> inputs, boolean details) {
        HttpUrl base = HttpUrl.parse(settings.apiUrl() + "/");
        String[] ownerRepo = settings.repository().split("/", 2);
        HttpUrl url = base.newBuilder().addPathSegment("repos").addPathSegment(ownerRepo[0]).addPathSegment(ownerRepo[1])
                .addPathSegment("actions").addPathSegment("workflows").addPathSegment(settings.file()).addPathSegment("dispatches").build();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", settings.ref());
        body.put("inputs", inputs);
        if (details) {
            body.put("return_run_details", true);
        }
        Request req = new Request.Builder().url(url)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", GitHubClient.API_VERSION)
                .header("Authorization", "Bearer " + settings.token())
                .header("User-Agent", userAgent)
                .post(RequestBody.create(Json.STRICT.writeValueAsString(body), JSON)).build();
        try (Response r = http.newCall(req).execute()) {
            String text = r.body() == null ? "" : r.body().string();
            if (r.code() == 204) {
                return new Dispatched(204, null, null, null);
            }
            if (r.code() == 200) {
                JsonNode n = text.isBlank() ? Json.LENIENT.createObjectNode() : Json.LENIENT.readTree(text);
                return new Dispatched(200, n.path("workflow_run_id").isNumber() ? n.path("workflow_run_id").asLong() : null,
                        n.path("run_url").asString(null), n.path("html_url").asString(null));
            }
            throw failure(r.code(), text);
        } catch (IOException e) {
            throw new GitHubException(GitHubException.Kind.UNREACHABLE, 0, redact("cannot reach GitHub at " + settings.apiUrl()
                    + " to dispatch " + settings.file() + ": " + e.getMessage() + ": check GITHUB_API_URL and the network"),
                    redact(String.valueOf(e.getMessage())));
        }
    }

    private GitHubException failure(int code, String text) {
        String message = text;
        try {
            JsonNode n = Json.LENIENT.readTree(text);
            message = n.path("message").asString(text) + (n.has("errors") ? " " + n.get("errors") : "");
        } catch (RuntimeException ignored) {
            // not JSON: the text itself
        }
        message = redact(message.length() > 300 ? message.substring(0, 300) + "…" : message);
        String where = settings.file() + " in " + settings.repository() + " at " + settings.ref();
        return switch (code) {
            case 401 -> new GitHubException(GitHubException.Kind.AUTH, code, "GitHub refused the token from "
                    + settings.tokenVariable() + " (401 " + message + "): set PASS_GITHUB_WORKFLOW_TOKEN to a valid token", message);
            case 403 -> new GitHubException(GitHubException.Kind.FORBIDDEN, code, "GitHub forbade dispatching " + where + " (403 "
                    + message + "): give the token from " + settings.tokenVariable() + " actions: write on " + settings.repository(), message);
            case 404 -> new GitHubException(GitHubException.Kind.NOT_FOUND, code, "GitHub has no workflow " + where + " (404 "
                    + message + "): check " + settings.fileVariable() + " and " + settings.repositoryVariable()
                    + ", and that the token from " + settings.tokenVariable() + " can see the repository", message);
            case 422 -> new GitHubException(GitHubException.Kind.INVALID, code, "GitHub refused to dispatch " + where + " (422 "
                    + message + "): check GITHUB_WORKFLOW_REF names a branch or tag holding the workflow, and that the workflow "
                    + "has 'on: workflow_dispatch' with the input run_id", message);
            default -> new GitHubException(code >= 500 ? GitHubException.Kind.SERVER : GitHubException.Kind.OTHER, code,
                    "GitHub answered " + code + " to the dispatch of " + where + " (" + message + "); it was not retried, "
                            + "as a retry could start the workflow twice: check the repository's Actions tab, then run orun dispatch again", message);
        };
    }

    private String redact(String s) {
        return new Secrets(List.of(settings.token())).scrub(s);
    }
}
