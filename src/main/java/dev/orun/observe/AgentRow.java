package dev.orun.observe;

import dev.orun.run.Tokens;

import static java.util.Objects.requireNonNull;

/**
 * One agent invocation as {@code orun ps} shows it. {@code pid} is the agent's (the driving orun's when the agent's
 * is not known yet); {@code host} where it runs (null once it ended: the record keeps no host). {@code elapsedMs}
 * is up to now for a running one, its duration for an ended one.
 */
public record AgentRow(String runId, String workflow, String gate, Integer attempt, String agent, String invocationId,
                       String status, Long pid, Long orunPid, String host, String startedAt, String finishedAt,
                       long elapsedMs, Tokens tokens, Double costUsd, String error) {
    public AgentRow {
        requireNonNull(runId, "run_id");
        requireNonNull(status, "status");
    }
}
