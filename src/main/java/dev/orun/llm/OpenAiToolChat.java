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
 * Tool calls over any OpenAI-compatible {@code /chat/completions} server (OpenAI, Ollama, vLLM, llama.cpp):
 * {@code tools: [{type: function, function: {name, description, parameters}}]}, the model's {@code tool_calls}
 * answered by {@code role: tool} messages. Arguments that are not a JSON object become a tool error for the model.
 */
public final class OpenAiToolChat implements ToolChat {
    private final OpenAiClient client;

    public OpenAiToolChat(OpenAiClient client) {
        this.client = client;
    }

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    public String model() {
        return client.model();
    }

    public ObjectNode body(Request request) {
        ObjectNode body = Json.STRICT.createObjectNode();
        body.put("model", client.model());
        body.put("max_tokens", request.maxTokens());
        ArrayNode messages = body.putArray("messages");
        ObjectNode system = messages.addObject();
        system.put("role", "system");
        system.put("content", request.system());
        for (Turn t : request.turns()) {
            if ("assistant".equals(t.role())) {
                ObjectNode m = messages.addObject();
                m.put("role", "assistant");
                if (t.text() == null || t.text().isBlank()) {
                    m.putNull("content");
                } else {
                    m.put("content", t.text());
                }
                if (!t.calls().isEmpty()) {
                    ArrayNode calls = m.putArray("tool_calls");
                    for (Call c : t.calls()) {
                        ObjectNode call = calls.addObject();
                        call.put("id", c.id());
                        call.put("type", "function");
                        ObjectNode fn = call.putObject("function");
                        fn.put("name", c.name());
                        fn.put("arguments", c.input() == null ? "{}" : Json.STRICT.writeValueAsString(c.input()));
                    }
                }
            } else if (!t.results().isEmpty()) {
                for (Result r : t.results()) {
                    ObjectNode m = messages.addObject();
                    m.put("role", "tool");
                    m.put("tool_call_id", r.callId());
                    m.put("content", r.content());
                }
            } else {
                ObjectNode m = messages.addObject();
                m.put("role", "user");
                m.put("content", t.text() == null ? "" : t.text());
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (Tool tool : request.tools()) {
                ObjectNode o = tools.addObject();
                o.put("type", "function");
                ObjectNode fn = o.putObject("function");
                fn.put("name", tool.name());
                if (tool.description() != null) {
                    fn.put("description", tool.description());
                }
                fn.set("parameters", tool.inputSchema());
            }
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        return body;
    }

    @Override
    public Reply send(Request request) {
        String requestText = Json.STRICT.writeValueAsString(body(request));
        Instant start = client.clock().instant();
        HttpExchange ex = client.post(requestText);
        long ms = Duration.between(start, client.clock().instant()).toMillis();
        String responseText = client.secrets().scrub(ex.body());
        if (ex.code() / 100 != 2) {
            throw client.failure(ex, responseText);
        }
        JsonNode root;
        try {
            root = Json.LENIENT.readTree(responseText);
        } catch (JacksonException e) {
            throw new OrunException(Exit.EXTERNAL, "the OpenAI-compatible server answered " + ex.code()
                    + " with a body that is not JSON: check OPENAI_BASE_URL points at a /chat/completions API");
        }
        JsonNode u = root.path("usage");
        long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        Usage usage = new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0), cached, 0);
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        String text = message.path("content").isString() ? message.get("content").asString() : "";
        List<Call> calls = new ArrayList<>();
        int n = 0;
        for (JsonNode c : message.path("tool_calls")) {
            n++;
            JsonNode fn = c.path("function");
            JsonNode args = fn.get("arguments");
            JsonNode input = null;
            if (args != null && args.isString()) {
                try {
                    input = Json.LENIENT.readTree(args.asString().isBlank() ? "{}" : args.asString());
                } catch (JacksonException e) {
                    input = null;
                }
            } else if (args != null && args.isObject()) {
                input = args; // some local servers send the object itself
            }
            String id = c.path("id").asString("");
            calls.add(new Call(id.isEmpty() ? "call_" + n : id, fn.path("name").asString(""),
                    input != null && input.isObject() ? input : null));
        }
        String stop = choice.path("finish_reason").asString("");
        String model = root.hasNonNull("model") ? root.get("model").asString() : client.model();
        return new Reply(text, calls, stop, !calls.isEmpty(), usage, model, requestText, responseText, ms);
    }
}
