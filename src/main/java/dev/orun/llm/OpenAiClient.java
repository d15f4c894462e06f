package dev.orun.llm;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.http.HttpPolicy;
import dev.orun.http.RetryingCaller;
import dev.orun.http.Secrets;
import dev.orun.http.Sleeper;
import dev.orun.run.Tokens;
import dev.orun.schema.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any OpenAI-compatible {@code POST {base}/chat/completions} server (OpenAI, Ollama, llama.cpp, vLLM). The section's
 * schema travels as {@code response_format: {type: json_schema, json_schema: {name, schema}}}; the answer is the
 * message content (or a tool call's arguments, for servers that answer that way).
 */
public final class OpenAiClient implements StructuredModel {
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final String baseUrl;
    private final String apiKey;
    private final String model;
    private final RetryingCaller caller;
    private final HttpPolicy policy;
    private final Clock clock;
    private final Secrets secrets;

    public OpenAiClient(String baseUrl, String apiKey, String model, HttpPolicy policy, Sleeper sleeper, Clock clock) {
        this.baseUrl = AnthropicClient.trimSlash(baseUrl);
        this.apiKey = apiKey;
        this.model = model;
        this.policy = policy;
        this.caller = new RetryingCaller(policy, sleeper, clock);
        this.clock = clock;
        this.secrets = new Secrets(apiKey == null ? List.of() : List.of(apiKey)).and(Secrets.userInfo(baseUrl));
    }

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    public String model() {
        return model;
    }

    public ObjectNode body(StructuredRequest request) {
        ObjectNode body = Json.STRICT.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", request.maxTokens());
        ArrayNode messages = body.putArray("messages");
        ObjectNode system = messages.addObject();
        system.put("role", "system");
        system.put("content", request.system());
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        user.put("content", request.prompt());
        ObjectNode format = body.putObject("response_format");
        format.put("type", "json_schema");
        ObjectNode js = format.putObject("json_schema");
        js.put("name", request.name());
        if (request.description() != null) {
            js.put("description", request.description());
        }
        js.set("schema", request.schema());
        js.put("strict", false);
        return body;
    }

    @Override
    public StructuredAnswer ask(StructuredRequest request) {
        String requestText = Json.STRICT.writeValueAsString(body(request));
        Instant start = clock.instant();
        HttpExchange ex = post(requestText);
        long ms = Duration.between(start, clock.instant()).toMillis();
        String responseText = secrets.scrub(ex.body());
        if (ex.code() / 100 != 2) {
            throw failure(ex, responseText);
        }
        JsonNode root;
        try {
            root = Json.LENIENT.readTree(responseText);
        } catch (JacksonException e) {
            throw new OrunException(Exit.EXTERNAL, "the OpenAI-compatible server answered " + ex.code()
                    + " with a body that is not JSON: check OPENAI_BASE_URL points at a /chat/completions API");
        }
        JsonNode usage = root.path("usage");
        Tokens tokens = Tokens.of(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
        String answeredModel = root.hasNonNull("model") ? root.get("model").asString() : model;
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        String text = message.path("content").isString() ? message.get("content").asString() : null;
        JsonNode call = message.path("tool_calls").path(0).path("function").path("arguments");
        if ((text == null || text.isBlank()) && call.isString()) {
            text = call.asString();
        }
        if ("length".equals(choice.path("finish_reason").asString(""))) {
            return new StructuredAnswer(null, "the answer was cut off at max_tokens=" + request.maxTokens()
                    + ": give a shorter answer (fewer items, shorter strings)", requestText, responseText, answeredModel, tokens, ms);
        }
        JsonNode value = null;
        String problem = null;
        try {
            value = text == null ? null : Json.LENIENT.readTree(stripFences(text));
        } catch (JacksonException e) {
            problem = "the answer is not one JSON object (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")";
        }
        if (value == null || !value.isObject()) {
            value = null;
            problem = problem != null ? problem : "the answer is not one JSON object: answer with the JSON object only";
        }
        return new StructuredAnswer(value, problem, requestText, responseText, answeredModel, tokens, ms);
    }

    /** Posts a request body to {@code /chat/completions} with orun's headers and retries; the final exchange. */
    HttpExchange post(String requestText) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        headers.put("content-type", "application/json");
        return HttpExchange.post(caller, caller.defaultDecider(), baseUrl + "/chat/completions", headers,
                requestText, "the OpenAI-compatible server", "OPENAI_BASE_URL", secrets);
    }

    /** The one-line error for a final non-2xx answer, naming the variable to fix. */
    OrunException failure(HttpExchange ex, String responseText) {
        String detail = detail(responseText);
        if (ex.code() == 401 || ex.code() == 403) {
            return new OrunException(Exit.EXTERNAL, "the OpenAI-compatible server refused the key (" + ex.code() + detail
                    + "): check OPENAI_API_KEY (environment or .env at the repository root)");
        }
        if (policy.retryStatuses().contains(ex.code())) {
            return new OrunException(Exit.EXTERNAL, "the OpenAI-compatible server answered " + ex.code() + detail
                    + " after " + policy.maxAttempts() + " attempts: try again later");
        }
        return new OrunException(Exit.EXTERNAL, "the OpenAI-compatible server refused the request (" + ex.code() + detail
                + "): check OPENAI_MODEL and OPENAI_BASE_URL");
    }

    Secrets secrets() {
        return secrets;
    }

    Clock clock() {
        return clock;
    }

    static String stripFences(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            int nl = t.indexOf('\n');
            t = nl < 0 ? t : t.substring(nl + 1);
            if (t.endsWith("```")) {
                t = t.substring(0, t.length() - 3);
            }
        }
        return t.strip();
    }

    private static String detail(String body) {
        return AnthropicClient.errorDetail(body);
    }

    @Override
    public String toString() {
        return "OpenAiClient[" + Secrets.withoutUserInfo(baseUrl) + ", model " + model + "]";
    }
}
