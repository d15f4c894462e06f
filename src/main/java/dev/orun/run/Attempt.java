package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One attempt at a gate. Written once to {@code gates/<Gx>/attempt-<n>.json}; RUN.json adds {@code file_sha256}.
 * {@code agentRun} is set when a model agent did the attempt ({@code orun agent execute}): which model, why it stopped.
 */
public record Attempt(
        int attempt,
        GateStatus status,
        String startedAt,
        String finishedAt,
        String agent,
        String promptSha256,
        List<String> invocationIds,
        List<String> requiredOutputs,
        List<ArtifactRef> artifacts,
        List<ValidationResult> validations,
        String failureReason,
        String fileSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) AgentRun agentRun) {

    public Attempt {
        requireNonNull(status, "status");
        requireNonNull(startedAt, "started_at");
        invocationIds = invocationIds == null ? List.of() : List.copyOf(invocationIds);
        requiredOutputs = requiredOutputs == null ? List.of() : List.copyOf(requiredOutputs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        validations = validations == null ? List.of() : List.copyOf(validations);
    }

    public Attempt(int attempt, GateStatus status, String startedAt, String finishedAt, String agent, String promptSha256,
                   List<String> invocationIds, List<String> requiredOutputs, List<ArtifactRef> artifacts,
                   List<ValidationResult> validations, String failureReason, String fileSha256) {
        this(attempt, status, startedAt, finishedAt, agent, promptSha256, invocationIds, requiredOutputs, artifacts,
                validations, failureReason, fileSha256, null);
    }

    public Attempt withAgentRun(AgentRun run) {
        return new Attempt(attempt, status, startedAt, finishedAt, agent, promptSha256, invocationIds, requiredOutputs,
                artifacts, validations, failureReason, fileSha256, run);
    }

    public static Attempt started(int n, String startedAt, String agent, String promptSha256, List<String> requiredOutputs) {
        return new Attempt(n, GateStatus.RUNNING, startedAt, null, agent, promptSha256, List.of(), requiredOutputs,
                List.of(), List.of(), null, null);
    }

    public Attempt withInvocation(String invocationId) {
        List<String> ids = new java.util.ArrayList<>(invocationIds);
        ids.add(invocationId);
        return new Attempt(attempt, status, startedAt, finishedAt, agent, promptSha256, ids, requiredOutputs,
                artifacts, validations, failureReason, fileSha256, agentRun);
    }

    public Attempt withPromptSha256(String sha) {
        return new Attempt(attempt, status, startedAt, finishedAt, agent, sha, invocationIds, requiredOutputs,
                artifacts, validations, failureReason, fileSha256, agentRun);
    }

    public Attempt finished(GateStatus newStatus, String finishedAt, List<ArtifactRef> artifacts,
                            List<ValidationResult> validations, String failureReason) {
        return new Attempt(attempt, newStatus, startedAt, finishedAt, agent, promptSha256, invocationIds,
                requiredOutputs, artifacts, validations, failureReason, null, agentRun);
    }

    public Attempt withFileSha256(String sha) {
        return new Attempt(attempt, status, startedAt, finishedAt, agent, promptSha256, invocationIds, requiredOutputs,
                artifacts, validations, failureReason, sha, agentRun);
    }
}
