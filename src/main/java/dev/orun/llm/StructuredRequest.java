package dev.orun.llm;

import tools.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * One request for a structured answer: the answer must be a JSON object valid against {@code schema}, which
 * travels in the request (a forced tool's input schema, or a JSON-schema response format).
 * {@code name} names the tool / format ({@code [a-zA-Z0-9_-]{1,64}}); {@code logStem} names the log files.
 */
public record StructuredRequest(String name, String description, String system, String prompt, JsonNode schema,
                                int maxTokens, String logStem) {
    public StructuredRequest {
        requireNonNull(name, "name");
        requireNonNull(system, "system");
        requireNonNull(prompt, "prompt");
        requireNonNull(schema, "schema");
        requireNonNull(logStem, "logStem");
    }
}
