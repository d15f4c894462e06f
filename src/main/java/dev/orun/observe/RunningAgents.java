package dev.orun.observe;

import dev.orun.error.OrunException;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.Times;
import dev.orun.store.LoadedRun;
import dev.orun.store.RunLease;
import dev.orun.store.RunIndex;
import dev.orun.store.RunStore;
import dev.orun.store.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code orun ps} lists: the agent invocations running now, found from the runs' lease files (one stat per
 * run when there is none), and with {@code recent} those that ended within it, found from the records written in
 * that time (RUN.json's modification time) that the listing index says are open or finished in that time. A lease whose orun died on this host is reaped by the read, so its
 * invocation shows, and stays, INTERRUPTED.
 */
public final class RunningAgents {
    private final RunStore store;
    private final Clock clock;

    public RunningAgents(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<AgentRow> list(Duration recent, Consumer<String> warn) {
        Instant now = clock.instant();
        List<AgentRow> rows = new ArrayList<>();
        Set<String> candidates = recent == null ? Set.of() : recentRuns(now.minus(recent), warn);
        for (String id : store.runIds()) {
            Path leaseFile = store.leases().file(id);
            boolean leased = Files.exists(leaseFile);
            if (!leased && (!candidates.contains(id) || !modifiedSince(store.paths().runJson(id), now.minus(recent)))) {
                continue;
            }
            RunLease lease = leased ? store.leases().read(id) : null;
            RunRecord run;
            try {
                LoadedRun loaded = store.load(id); // reaps a dead holder: persisted INTERRUPTED
                if (loaded.legacy()) {
                    continue;
                }
                run = loaded.record();
            } catch (OrunException e) {
                warn.accept(e.getMessage());
                continue;
            }
            RunLease live = store.leases().read(id);
            for (Invocation inv : run.invocations()) {
                boolean running = inv.status() == InvocationStatus.RUNNING;
                if (running) {
                    RunLease holder = live != null && inv.invocationId().equals(live.invocationId()) ? live : null;
                    rows.add(row(run, inv, holder, now));
                } else if (recent != null && inv.finishedAt() != null
                        && !Times.parse(inv.finishedAt()).isBefore(now.minus(recent))) {
                    rows.add(row(run, inv, null, now));
                }
            }
            if (lease != null && live == null && lease.invocationId() != null && run.invocation(lease.invocationId()) == null) {
                warn.accept("run " + id + ": its lease names invocation " + lease.invocationId() + ", which the record does not hold");
            }
        }
        rows.sort(Comparator.comparing(AgentRow::startedAt).reversed());
        return rows;
    }

    /**
     * Runs that may hold an invocation that ended since {@code cutoff}, from the listing index (cheap when warm):
     * those still open (an open run's invocations may have ended at any time) and those finished since then.
     * Timestamps are fixed-width UTC ISO-8601, so they compare as strings.
     */
    private Set<String> recentRuns(Instant cutoff, Consumer<String> warn) {
        String since = Times.iso(cutoff);
        Set<String> ids = new HashSet<>();
        for (RunSummary s : new RunIndex(store).all(warn)) {
            boolean open = !s.status().equals("PASSED") && !s.status().equals("FAILED") && !s.status().equals("CANCELED");
            if (!s.legacy() && (open || s.finishedAt() == null || s.finishedAt().compareTo(since) >= 0)) {
                ids.add(s.runId());
            }
        }
        return ids;
    }

    private static boolean modifiedSince(Path file, Instant since) {
        try {
            return !Files.getLastModifiedTime(file).toInstant().isBefore(since);
        } catch (IOException e) {
            return false;
        }
    }

    private static AgentRow row(RunRecord run, Invocation inv, RunLease holder, Instant now) {
        Integer attempt = attemptOf(run, inv);
        boolean running = inv.status() == InvocationStatus.RUNNING;
        long elapsed = running
                ? Math.max(0, Duration.between(Times.parse(inv.startedAt()), now).toMillis())
                : inv.durationMs() != null ? inv.durationMs()
                : inv.finishedAt() == null ? 0 : Duration.between(Times.parse(inv.startedAt()), Times.parse(inv.finishedAt())).toMillis();
        Long pid = holder == null ? null : holder.agentPid() != null ? holder.agentPid() : holder.pid();
        return new AgentRow(run.runId(), run.workflow().name(), inv.gate(), attempt, inv.agent(), inv.invocationId(),
                inv.status().name(), pid, holder == null ? null : holder.pid(), holder == null ? null : holder.host(),
                inv.startedAt(), inv.finishedAt(), elapsed, inv.tokens(), inv.costUsd(), inv.reason());
    }

    static Integer attemptOf(RunRecord run, Invocation inv) {
        GateState g = inv.gate() == null ? null : run.gate(inv.gate());
        if (g == null) {
            return null;
        }
        for (Attempt a : g.attempts()) {
            if (a.invocationIds().contains(inv.invocationId())) {
                return a.attempt();
            }
        }
        return null;
    }
}
