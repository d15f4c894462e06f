package dev.orun.llm;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A chat model that may call tools: one round trip of a tool-use conversation, in the provider's own wire format
 * (the Messages API's tool_use/tool_result blocks, or chat-completions tool_calls). Failures after retries are
 * {@code OrunException}s with exit 5 that name the variable to fix.
 */
public interface ToolChat {
    String provider();

    String model();

    Reply send(Request request);

    /** A tool the model may call, with the JSON Schema of its input. */
    record Tool(String name, String description, ObjectNode inputSchema) {
        public Tool {
            requireNonNull(name, "name");
            requireNonNull(inputSchema, "input_schema");
        }
    }

    /** A tool call the model made; {@code input} is null when the provider's arguments were not a JSON object. */
    record Call(String id, String name, JsonNode input) {
    }

    /** What orun answers to a call; {@code error} marks a refused or failed call (the model sees it as an error). */
    record Result(String callId, String content, boolean error) {
    }

    /**
     * One turn: the first user turn carries {@code text}; an assistant turn carries the model's text and calls; a
     * later user turn carries the results of the previous turn's calls.
     */
    record Turn(String role, String text, List<Call> calls, List<Result> results) {
        public Turn {
            requireNonNull(role, "role");
            calls = calls == null ? List.of() : List.copyOf(calls);
            results = results == null ? List.of() : List.copyOf(results);
        }

        public static Turn user(String text) {
            return new Turn("user", text, List.of(), List.of());
        }

        public static Turn assistant(String text, List<Call> calls) {
            return new Turn("assistant", text, calls, List.of());
        }

        public static Turn results(List<Result> results) {
            return new Turn("user", null, List.of(), results);
        }
    }

    /** One request: the system prompt, the conversation so far, the tools, the per-call output cap. */
    record Request(String system, List<Turn> turns, List<Tool> tools, int maxTokens, Double temperature) {
        public Request {
            requireNonNull(system, "system");
            turns = List.copyOf(turns);
            tools = List.copyOf(tools);
        }
    }

    /**
     * Tokens of one call: {@code input} counts every input token (uncached, cache reads and cache writes), so budgets
     * add up what the model was sent; {@code cacheRead} and {@code cacheCreation} are the cached part.
     */
    record Usage(long input, long output, long cacheRead, long cacheCreation) {
    }

    /**
     * The model's answer. {@code stopReason} is the provider's own word ({@code end_turn}, {@code tool_use},
     * {@code max_tokens}, {@code stop}, {@code tool_calls}, …); {@code wantsTools} says the model is waiting for tool
     * results. {@code requestText} and {@code responseText} are the bodies, secrets scrubbed, for the transcript.
     */
    record Reply(String text, List<Call> calls, String stopReason, boolean wantsTools, Usage usage, String model,
                 String requestText, String responseText, long durationMs) {
        public Reply {
            calls = calls == null ? List.of() : List.copyOf(calls);
        }
    }
}
