package dev.orun.store;

import java.util.Optional;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Times;
import dev.orun.schema.JsonText;
import dev.orun.schema.RecordTrees;
import dev.orun.schema.TreeReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The run's lease file ({@code logs/lease.json}): taken by the process that drives a run (a pipeline or
 * {@code gate exec}), given back when it stops. One driver per run: a live holder elsewhere is refused (exit 6).
 * A holder that died on this host is found by {@link #reapIfDead} and its run persisted as INTERRUPTED.
 */
public final class RunLeases {
    private final RunStore store;
    private final Clock clock;

    RunLeases(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Path file(String runId) {
        return store.paths().logsDir(runId).resolve("lease.json");
    }

    /** The current lease, or null when there is none (or it cannot be read: a torn lease names no one). */
    public RunLease read(String runId) {
        try {
            return RecordTrees.fromTreeLenient(TreeReader.read(Files.readAllBytes(file(runId))), RunLease.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes {@code lease} for this process; the caller holds the run's lock. Returns the lease this process held
     * before (to give back with {@link #restore}), or null. Another live holder is refused.
     */
    public RunLease take(String runId, RunLease lease) {
        RunLease existing = read(runId);
        if (existing != null && !existing.isSelf() && !existing.deadOnThisHost()) {
            throw drivenBy(runId, existing);
        }
        write(runId, lease);
        return existing != null && existing.isSelf() ? existing : null;
    }

    /**
     * Refuses a writer while another live process drives the run (a pipeline waiting for a person, a {@code gate
     * exec}): exit 6 naming its pid. The driver itself and the processes it started (its agents) may write.
     */
    public void refuseOtherDriver(String runId) {
        if (!Files.exists(file(runId))) {
            return;
        }
        RunLease existing = read(runId);
        if (existing != null && !existing.isSelf() && !existing.deadOnThisHost() && !existing.isAncestorOfSelf()) {
            throw drivenBy(runId, existing);
        }
    }

    private static OrunException drivenBy(String runId, RunLease existing) {
        return new OrunException(Exit.LOCKED, "run " + runId + " is being driven by orun pid " + existing.pid()
                + " on " + existing.host() + " since " + existing.since()
                + (existing.command() == null ? "" : " ('" + existing.command() + "'")
                + (existing.gate() == null ? "" : (existing.command() == null ? " (" : ", ") + "gate " + existing.gate())
                + (existing.command() == null && existing.gate() == null ? "" : ")")
                + ": answer it in its terminal (Enter when done, p to pause) or wait for it to finish; "
                + "if that process is stuck, stop it and run 'orun run resume --run " + runId + "'");
    }

    /** Puts back what {@link #take} returned: the earlier lease of this process, or none. */
    public void restore(String runId, RunLease previous) {
        if (previous == null) {
            release(runId);
        } else {
            write(runId, previous);
        }
    }

    /** Removes the lease when this process holds it. */
    public void release(String runId) {
        RunLease existing = read(runId);
        if (existing != null && !existing.isSelf()) {
            return;
        }
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + store.paths().relative(file(runId)) + ": " + e.getMessage(), e);
        }
    }

    public void write(String runId, RunLease lease) {
        AtomicFiles.write(file(runId), JsonText.prettyBytes(RecordTrees.toTree(lease)));
    }

    /**
     * When the lease names a process that no longer exists on this host, persists its running invocation and the
     * run as INTERRUPTED (with the reason; no finished_at: it can be resumed) under the run's lock and removes the lease.
     * Returns the record written, or null when nothing was dead.
     */
    RunRecord reapIfDead(String runId) {
        RunLease seen = read(runId);
        if (seen == null || !seen.deadOnThisHost()) {
            return null;
        }
        try (RunLock ignored = store.lockUnlessHeld(runId)) {
            RunLease lease = read(runId);
            if (lease == null || !lease.deadOnThisHost()) {
                return null;
            }
            RunRecord run = store.loadUnchecked(runId).record();
            if (run == null) {
                return null;
            }
            Instant now = clock.instant();
            String ts = Times.iso(now);
            // The dead driver's agent is an orphan nobody records: it is ended before anything can start a second one.
            boolean agentEnded = lease.agentAlive() && endAgent(lease);
            // The reason goes into the committed record: no host name (nothing machine-specific is committed).
            String reason = "orun process " + lease.pid() + " stopped while it drove the run"
                    + (lease.gate() == null ? "" : " (gate " + lease.gate() + (lease.attempt() == null ? "" : " attempt " + lease.attempt()) + ")")
                    + " and no longer exists" + (agentEnded ? "; orun ended its agent process " + lease.agentPid() + ", which was still running" : "");
            RunRecord next = run;
            Invocation inv = lease.invocationId() == null ? null : run.invocation(lease.invocationId());
            if (inv != null && inv.status() == InvocationStatus.RUNNING) {
                long ms = Math.max(0, Duration.between(Times.parse(inv.startedAt()), now).toMillis());
                next = next.withInvocation(inv.finish(InvocationStatus.INTERRUPTED, ts, ms, null, reason))
                        .withEvent(ts, "INVOCATION_INTERRUPTED", "Invocation " + inv.invocationId() + " by " + inv.agent()
                                + " interrupted: " + reason, inv.gate(), lease.attempt());
            }
            if (next.status() == RunStatus.RUNNING || next.status() == RunStatus.QUEUED) {
                next = next.withStatus(RunStatus.INTERRUPTED, null)
                        .withEvent(ts, "RUN_INTERRUPTED", "Run interrupted: " + reason
                                + "; continue with 'orun run resume --run " + runId + "'", lease.gate(), lease.attempt());
            }
            if (next != run) {
                store.write(next);
            }
            Files.deleteIfExists(file(runId));
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + store.paths().relative(file(runId)) + ": " + e.getMessage(), e);
        }
    }

    /** Ends a dead driver's agent and its process group (the agent ran as a group leader); true when it is gone. */
    private static boolean endAgent(RunLease lease) {
        Optional<ProcessHandle> h = ProcessHandle.of(lease.agentPid());
        if (h.isEmpty()) {
            return true;
        }
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + lease.agentPid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): the agent and its descendants are ended one by one below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        h.get().descendants().forEach(ProcessHandle::destroyForcibly);
        h.get().destroyForcibly();
        try {
            h.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return !h.get().isAlive();
        }
        return true;
    }
}
