package dev.orun.observe;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.store.AppendLog;
import dev.orun.store.PlainFiles;
import dev.orun.store.RunLease;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;
import dev.orun.workflow.GateService;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code orun kill}: ends the agent a run's lease names and records why. Under the run's lock (so the orun that
 * waits on the agent cannot record its own verdict first) it sends SIGTERM to the agent's process tree, SIGKILL
 * after the grace period, and records the invocation FAIL with finished_at, the exit status the signal gives, and
 * who ended it and why. Then it fails the attempt with that reason (the run is not failed) and leaves the run
 * INTERRUPTED, so {@code orun run resume} starts the gate again. The orun that drove the agent finds its
 * invocation ended from outside and stops with that reason.
 */
public final class AgentKill {
    private final RunStore store;
    private final GateService gates;
    private final Clock clock;

    public AgentKill(RunStore store, GateService gates, Clock clock) {
        this.store = store;
        this.gates = gates;
        this.clock = clock;
    }

    /** Who asks: {@code reason} goes into the record; {@code user} and {@code host} only into {@code logs/kills.jsonl}. */
    public record Request(String runId, String gate, String reason, String user, String host, Duration grace) {
    }

    public record Result(RunRecord run, Invocation invocation, Integer attempt, AgentProcesses.Ended ended, boolean driverAlive) {
    }

    public Result kill(Request req) {
        RunLease lease = store.leases().read(req.runId());
        if (lease == null || lease.invocationId() == null) {
            RunRecord run = store.read(req.runId());
            throw OrunException.failed("run " + req.runId() + " has no agent running (status " + run.status()
                    + "): nothing to kill; see 'orun ps'");
        }
        if (!lease.host().equals(RunLease.currentHost())) {
            throw new OrunException(Exit.FAILED, "run " + req.runId() + "'s agent runs on host " + lease.host() + " (orun pid "
                    + lease.pid() + (lease.agentPid() == null ? "" : ", agent pid " + lease.agentPid()) + "), not on "
                    + RunLease.currentHost() + ": run 'orun kill --run " + req.runId() + "' on " + lease.host());
        }
        if (req.gate() != null && !req.gate().equals(lease.gate())) {
            throw OrunException.notFound("run " + req.runId() + " runs an agent for gate " + lease.gate() + ", not " + req.gate()
                    + ": pass --gate " + lease.gate() + " or leave --gate out");
        }
        String invId = lease.invocationId();
        // DESIGN §4: no user or host name is committed. The record says what happened and why; who asked, from which
        // host, goes to the run's gitignored logs/kills.jsonl.
        String why = "killed with orun kill: " + (req.reason() == null || req.reason().isBlank() ? "Killed by user" : req.reason().strip());
        AgentProcesses.Ended ended;
        boolean driverAlive;
        Invocation done;
        store.overDriver(); // a live driver's run: kill ends its agent and records it
        try (RunLock ignored = store.lock(req.runId())) {
            RunRecord run = store.read(req.runId()); // a dead driver is reaped here: the invocation turns INTERRUPTED
            Invocation inv = run.invocation(invId);
            if (inv == null || (inv.status() != InvocationStatus.RUNNING && inv.status() != InvocationStatus.INTERRUPTED)) {
                throw OrunException.failed("invocation " + invId + " of run " + req.runId() + " is "
                        + (inv == null ? "not in the record" : inv.status().name()) + ": nothing to kill");
            }
            driverAlive = ProcessHandle.of(lease.pid()).map(ProcessHandle::isAlive).orElse(false) && !lease.deadOnThisHost();
            Long agentPid = driverAlive && lease.agentPid() == null ? awaitAgentPid(req.runId(), invId) : lease.agentPid();
            Optional<ProcessHandle> agent = AgentProcesses.find(agentPid, Times.parse(inv.startedAt()));
            ended = agent.map(a -> AgentProcesses.end(a, req.grace())).orElse(new AgentProcesses.Ended(false, false, 0));
            Instant now = clock.instant();
            String ts = Times.iso(now);
            long ms = Math.max(0, Duration.between(Times.parse(inv.startedAt()), now).toMillis());
            done = inv.finish(InvocationStatus.FAIL, ts, ms, ended.exitStatus(), why);
            RunRecord next = run.withInvocation(done).withEvent(ts, "INVOCATION_KILLED", "Invocation " + invId + " by "
                    + inv.agent() + " " + why + (ended.wasAlive() ? (ended.forced() ? " (SIGKILL after " + seconds(req.grace())
                    + " grace)" : " (SIGTERM)") : " (its process had already ended)"), inv.gate(), lease.attempt());
            if (next.status() == RunStatus.RUNNING || next.status() == RunStatus.QUEUED || next.status() == RunStatus.INTERRUPTED) {
                // In the same write: the driver, once woken, finds the run no longer RUNNING and leaves it be.
                next = next.withStatus(RunStatus.INTERRUPTED, null).withEvent(ts, "RUN_INTERRUPTED", "Run interrupted: agent "
                        + inv.agent() + " " + why + "; continue with 'orun run resume --run " + req.runId() + "'", inv.gate(), lease.attempt());
            }
            store.write(next);
            logWho(req, invId, inv.gate(), lease.attempt(), ts, ended);
            if (!driverAlive) {
                PlainFiles.delete(store.leases().file(req.runId()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lease of " + req.runId() + ": " + e.getMessage(), e);
        }
        // The attempt, outside the lock (gate fail takes it itself); the run stays open.
        RunRecord run = store.read(req.runId());
        GateState g = done.gate() == null ? null : run.gate(done.gate());
        if (g != null && g.status() == GateStatus.RUNNING) {
            run = gates.fail(req.runId(), done.gate(), why, false).run();
        }
        return new Result(run, run.invocation(invId), lease.attempt(), ended, driverAlive);
    }

    /** Appends who ended the agent, where and why to {@code logs/kills.jsonl}: the part DESIGN §4 keeps out of the record. */
    private void logWho(Request req, String invId, String gate, Integer attempt, String ts, AgentProcesses.Ended ended) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", ts);
        line.put("invocation_id", invId);
        line.put("gate", gate);
        line.put("attempt", attempt);
        line.put("user", req.user());
        line.put("host", req.host());
        line.put("reason", req.reason() == null || req.reason().isBlank() ? null : req.reason().strip());
        line.put("signal", ended.wasAlive() ? (ended.forced() ? "SIGKILL" : "SIGTERM") : null);
        AppendLog.append(store.paths().logsDir(req.runId()).resolve("kills.jsonl"), Json.STRICT.writeValueAsString(line) + "\n",
                store::scrubText);
    }

    /** The driver records the agent's pid just after starting it (without the lock): wait a moment for it. */
    private Long awaitAgentPid(String runId, String invId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            RunLease now = store.leases().read(runId);
            if (now == null || !invId.equals(now.invocationId())) {
                return null;
            }
            if (now.agentPid() != null) {
                return now.agentPid();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
