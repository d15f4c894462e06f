package dev.orun.llm;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.http.HttpPolicy;
import dev.orun.http.RetryingCaller;
import dev.orun.http.Secrets;
import dev.orun.run.Tokens;
import dev.orun.schema.Json;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Anthropic Messages API ({@code POST {base}/messages}). Each answer is forced through a tool whose
 * {@code input_schema} is the section's schema ({@code tool_choice: {type: tool, name}}), so the answer is the
 * tool call's input. Retries 408, 409, 429, 5xx and 529, honouring retry-after-ms, retry-after and
 * anthropic-ratelimit-*-reset.
 */
public final class AnthropicClient implements StructuredModel {
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
    public static final String DEFAULT_MODEL = "claude-sonnet-4-6";
    public static final String DEFAULT_VERSION = "2023-06-01";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(45_000);
    public static final Set<Integer> RETRY_STATUSES = retryStatuses();
    private static final List<String> RESET_HEADERS = List.of("anthropic-ratelimit-requests-reset",
            "anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset");

    private final String baseUrl;
    private final String apiKey;
    private final String version;
    private final String model;
    private final RetryingCaller caller;
    private final HttpPolicy policy;
    private final Clock clock;
    private final Secrets secrets;

    public AnthropicClient(String baseUrl, String apiKey, String version, String model, HttpPolicy policy,
                           dev.orun.http.Sleeper sleeper, Clock clock) {
        this.baseUrl = trimSlash(baseUrl);
        this.apiKey = apiKey;
        this.version = version;
        this.model = model;
        this.policy = policy;
        this.caller = new RetryingCaller(policy, sleeper, clock);
        this.clock = clock;
        this.secrets = new Secrets(apiKey == null ? List.of() : List.of(apiKey)).and(Secrets.userInfo(baseUrl));
    }

    public static HttpPolicy policy(Duration timeout) {
        return HttpPolicy.defaults(timeout, RETRY_STATUSES);
    }

    @Override
    public String provider() {
        return "anthropic";
    }

    @Override
    public String model() {
        return model;
    }

    /** The request body orun sends for {@code request} (public for the API-conformance test). */
    public ObjectNode body(StructuredRequest request) {
        ObjectNode body = Json.STRICT.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", request.maxTokens());
        body.put("system", request.system());
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", request.prompt());
        ObjectNode tool = body.putArray("tools").addObject();
        tool.put("name", request.name());
        tool.put("description", request.description() == null ? "Submit the answer." : request.description());
        tool.set("input_schema", request.schema());
        ObjectNode choice = body.putObject("tool_choice");
        choice.put("type", "tool");
        choice.put("name", request.name());
        return body;
    }

    /** Sends a body as orun does (headers, retries) and returns the final exchange, whatever its status. */
    public HttpExchange send(JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey);
        headers.put("anthropic-version", version);
        headers.put("content-type", "application/json");
        return HttpExchange.post(caller, this::retryAfter, baseUrl + "/messages", headers,
                Json.STRICT.writeValueAsString(body), "Anthropic", "ANTHROPIC_BASE_URL", secrets);
    }

    @Override
    public StructuredAnswer ask(StructuredRequest request) {
        String requestText = Json.STRICT.writeValueAsString(body(request));
        Instant start = clock.instant();
        HttpExchange ex = send(body(request));
        long ms = Duration.between(start, clock.instant()).toMillis();
        String responseText = secrets.scrub(ex.body());
        if (ex.code() / 100 != 2) {
            throw failure(ex, responseText);
        }
        JsonNode root;
        try {
            root = Json.LENIENT.readTree(responseText);
        } catch (JacksonException e) {
            throw new OrunException(Exit.EXTERNAL, "Anthropic answered " + ex.code() + " with a body that is not JSON: "
                    + "check ANTHROPIC_BASE_URL points at the Messages API");
        }
        JsonNode usage = root.path("usage");
        Tokens tokens = Tokens.of(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0));
        String answeredModel = root.hasNonNull("model") ? root.get("model").asString() : model;
        String stop = root.path("stop_reason").asString("");
        JsonNode input = null;
        for (JsonNode block : root.path("content")) {
            if ("tool_use".equals(block.path("type").asString("")) && request.name().equals(block.path("name").asString(""))) {
                input = block.get("input");
            }
        }
        String problem = null;
        if ("max_tokens".equals(stop)) {
            problem = "the answer was cut off at max_tokens=" + request.maxTokens() + ": give a shorter answer (fewer items, shorter strings)";
            input = null;
        } else if (input == null || !input.isObject()) {
            problem = "the answer did not call the tool " + request.name() + " with an object: call it exactly once";
            input = null;
        }
        return new StructuredAnswer(input, problem, requestText, responseText, answeredModel, tokens, ms);
    }

    OrunException failure(HttpExchange ex, String body) {
        String detail = errorDetail(body);
        if (ex.code() == 401 || ex.code() == 403) {
            return new OrunException(Exit.EXTERNAL, "Anthropic refused the key (" + ex.code() + detail
                    + "): check ANTHROPIC_API_KEY (environment or .env at the repository root)");
        }
        if (RETRY_STATUSES.contains(ex.code())) {
            return new OrunException(Exit.EXTERNAL, "Anthropic answered " + ex.code() + detail + " after "
                    + policy.maxAttempts() + " attempts: try again later");
        }
        return new OrunException(Exit.EXTERNAL, "Anthropic refused the request (" + ex.code() + detail
                + "): check ANTHROPIC_MODEL, ANTHROPIC_VERSION and ANTHROPIC_BASE_URL");
    }

    static String errorDetail(String body) {
        try {
            JsonNode err = Json.LENIENT.readTree(body).path("error");
            String type = err.path("type").asString("");
            String message = err.path("message").asString("");
            String s = (type.isEmpty() ? "" : " " + type) + (message.isEmpty() ? "" : ": " + message);
            return s.replace('\n', ' ');
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Retry the policy's statuses after the server's wish: retry-after(-ms), else the latest rate-limit reset. */
    private Duration retryAfter(Response response, int attempt) {
        if (!RETRY_STATUSES.contains(response.code())) {
            return null;
        }
        if (response.header("retry-after-ms") != null || response.header("retry-after") != null) {
            return caller.serverWait(response, attempt);
        }
        Instant latest = null;
        for (String h : RESET_HEADERS) {
            String v = response.header(h);
            if (v == null) {
                continue;
            }
            try {
                Instant at = Instant.parse(v.trim());
                latest = latest == null || at.isAfter(latest) ? at : latest;
            } catch (DateTimeParseException ignored) {
                // an unreadable reset is no reason to stop; the backoff applies
            }
        }
        if (latest != null) {
            return caller.cap(Duration.between(clock.instant(), latest));
        }
        return caller.serverWait(response, attempt);
    }

    private static Set<Integer> retryStatuses() {
        Set<Integer> s = IntStream.rangeClosed(500, 599).boxed().collect(Collectors.toSet());
        s.addAll(List.of(408, 409, 429));
        return Set.copyOf(s);
    }

    static String trimSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    Secrets secrets() {
        return secrets;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "AnthropicClient[" + Secrets.withoutUserInfo(baseUrl) + ", model " + model + "]";
    }
}
