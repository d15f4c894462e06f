package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a model agent did in one gate attempt: the model and provider, why it stopped ({@code complete},
 * {@code budget_exceeded}, {@code max_rounds}, {@code error}) with a one-line {@code detail}, the rounds and the
 * tokens it used (cumulative over rounds) against its budget, its cost when a price table knows the model, and every
 * file it wrote with its SHA-256.
 */
public record AgentRun(String model, String provider, String stopReason,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
                       int rounds, long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens,
                       long maxInputTokens, long maxOutputTokens, int maxToolRounds,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Double costUsd,
                       List<Write> filesWritten) {
    public static final List<String> STOP_REASONS = List.of("complete", "budget_exceeded", "max_rounds", "error");

    public AgentRun {
        requireNonNull(model, "model");
        requireNonNull(provider, "provider");
        requireNonNull(stopReason, "stop_reason");
        filesWritten = filesWritten == null ? List.of() : List.copyOf(filesWritten);
    }

    /** One write_file call that wrote: repository-relative path, size and SHA-256 of what was written, and the round. */
    public record Write(String path, long bytes, String sha256, int round) {
        public Write {
            requireNonNull(path, "path");
            requireNonNull(sha256, "sha256");
        }
    }
}
