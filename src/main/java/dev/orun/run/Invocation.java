package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import static java.util.Objects.requireNonNull;

/**
 * One agent or model call. {@code reason} says why it failed or was interrupted;
 * {@code prompt_sha256}/{@code response_sha256} are set for LLM calls (full text lives in logs/). A model agent's
 * rounds ({@code orun agent execute}) are one invocation each, with their {@code round} and the provider's
 * {@code stop_reason}.
 */
public record Invocation(
        String invocationId,
        String gate,
        String agent,
        InvocationStatus status,
        String startedAt,
        String finishedAt,
        Long durationMs,
        String model,
        String provider,
        Tokens tokens,
        Double costUsd,
        Integer exitCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String promptSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) String responseSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer round,
        @JsonInclude(JsonInclude.Include.NON_NULL) String stopReason) {

    public Invocation {
        requireNonNull(invocationId, "invocation_id");
        requireNonNull(agent, "agent");
        requireNonNull(status, "status");
        requireNonNull(startedAt, "started_at");
        tokens = tokens == null ? Tokens.ZERO : tokens;
    }

    public Invocation(String invocationId, String gate, String agent, InvocationStatus status, String startedAt,
                      String finishedAt, Long durationMs, String model, String provider, Tokens tokens, Double costUsd,
                      Integer exitCode, String reason, String promptSha256, String responseSha256) {
        this(invocationId, gate, agent, status, startedAt, finishedAt, durationMs, model, provider, tokens, costUsd, exitCode,
                reason, promptSha256, responseSha256, null, null);
    }

    public Invocation finish(InvocationStatus newStatus, String finishedAt, Long durationMs, Integer exitCode, String reason) {
        return new Invocation(invocationId, gate, agent, newStatus, startedAt, finishedAt, durationMs, model, provider,
                tokens, costUsd, exitCode, reason, promptSha256, responseSha256, round, stopReason);
    }
}
