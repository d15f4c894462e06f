package dev.orun.llm;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool use over the Anthropic Messages API: {@code tools} with {@code input_schema}, the model's {@code tool_use}
 * blocks answered by {@code tool_result} blocks in the next user message. The system prompt is one text block marked
 * for prompt caching ({@code cache_control: ephemeral}), since every round resends it. The routing table's temperature
 * is not sent: the current Messages API description has no {@code temperature} field.
 */
public final class AnthropicToolChat implements ToolChat {
    private final AnthropicClient client;

    public AnthropicToolChat(AnthropicClient client) {
        this.client = client;
    }

    AnthropicClient client() {
        return client;
    }

    @Override
    public String provider() {
        return "anthropic";
    }

    @Override
    public String model() {
        return client.model();
    }

    /** The request body orun sends (public for the API-conformance test). */
    public ObjectNode body(Request request) {
        ObjectNode body = Json.STRICT.createObjectNode();
        body.put("model", client.model());
        body.put("max_tokens", request.maxTokens());
        ArrayNode system = body.putArray("system");
        ObjectNode block = system.addObject();
        block.put("type", "text");
        block.put("text", request.system());
        block.putObject("cache_control").put("type", "ephemeral");
        ArrayNode messages = body.putArray("messages");
        for (Turn t : request.turns()) {
            ObjectNode m = messages.addObject();
            m.put("role", t.role());
            if ("assistant".equals(t.role())) {
                ArrayNode content = m.putArray("content");
                if (t.text() != null && !t.text().isBlank()) {
                    ObjectNode text = content.addObject();
                    text.put("type", "text");
                    text.put("text", t.text());
                }
                for (Call c : t.calls()) {
                    ObjectNode use = content.addObject();
                    use.put("type", "tool_use");
                    use.put("id", c.id());
                    use.put("name", c.name());
                    use.set("input", c.input() == null || !c.input().isObject() ? Json.STRICT.createObjectNode() : c.input());
                }
            } else if (!t.results().isEmpty()) {
                ArrayNode content = m.putArray("content");
                for (Result r : t.results()) {
                    ObjectNode res = content.addObject();
                    res.put("type", "tool_result");
                    res.put("tool_use_id", r.callId());
                    res.put("content", r.content());
                    if (r.error()) {
                        res.put("is_error", true);
                    }
                }
            } else {
                m.put("content", t.text() == null ? "" : t.text());
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (Tool tool : request.tools()) {
                ObjectNode o = tools.addObject();
                o.put("name", tool.name());
                if (tool.description() != null) {
                    o.put("description", tool.description());
                }
                o.set("input_schema", tool.inputSchema());
            }
        }
        // No temperature: the Messages API description orun conforms to (../shared/fakes) has no such field.
        return body;
    }

    @Override
    public Reply send(Request request) {
        ObjectNode body = body(request);
        String requestText = client.secrets().scrub(Json.STRICT.writeValueAsString(body));
        Instant start = client.clock().instant();
        HttpExchange ex = client.send(body);
        long ms = Duration.between(start, client.clock().instant()).toMillis();
        String responseText = client.secrets().scrub(ex.body());
        if (ex.code() / 100 != 2) {
            throw client.failure(ex, responseText);
        }
        JsonNode root;
        try {
            root = Json.LENIENT.readTree(responseText);
        } catch (JacksonException e) {
            throw new OrunException(Exit.EXTERNAL, "Anthropic answered " + ex.code() + " with a body that is not JSON: "
                    + "check ANTHROPIC_BASE_URL points at the Messages API");
        }
        JsonNode u = root.path("usage");
        long cacheRead = u.path("cache_read_input_tokens").asLong(0);
        long cacheCreation = u.path("cache_creation_input_tokens").asLong(0);
        Usage usage = new Usage(u.path("input_tokens").asLong(0) + cacheRead + cacheCreation, u.path("output_tokens").asLong(0),
                cacheRead, cacheCreation);
        StringBuilder text = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        for (JsonNode b : root.path("content")) {
            String type = b.path("type").asString("");
            if ("text".equals(type)) {
                text.append(text.isEmpty() ? "" : "\n").append(b.path("text").asString(""));
            } else if ("tool_use".equals(type)) {
                JsonNode input = b.get("input");
                calls.add(new Call(b.path("id").asString(""), b.path("name").asString(""), input != null && input.isObject() ? input : null));
            }
        }
        String stop = root.path("stop_reason").asString("");
        String model = root.hasNonNull("model") ? root.get("model").asString() : client.model();
        return new Reply(text.toString(), calls, stop, "tool_use".equals(stop) && !calls.isEmpty(), usage, model,
                requestText, responseText, ms);
    }
}
