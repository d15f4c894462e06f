package dev.orun.llm;

import dev.orun.run.Tokens;
import tools.jackson.databind.JsonNode;

/**
 * What a model answered. {@code value} is the structured answer, or null with {@code problem} saying why there is
 * none (no tool call, not JSON, cut off). {@code requestText}/{@code responseText} are the exchange as sent and
 * received (never holding a key), for logs/ and their SHA-256 in the record.
 */
public record StructuredAnswer(JsonNode value, String problem, String requestText, String responseText, String model,
                               Tokens tokens, long durationMs) {
    public StructuredAnswer {
        tokens = tokens == null ? Tokens.ZERO : tokens;
    }
}
