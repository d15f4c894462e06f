package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.gate.HashProgress;
import dev.orun.run.Attempt;
import dev.orun.run.Durations;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Times;
import dev.orun.store.RunLease;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;

import java.io.Writer;
import java.time.Clock;
import java.time.Duration;

/**
 * Pipeline mode (DESIGN 6): walks a run's gates in workflow order. For each it starts an attempt, writes the prompt
 * packet, then runs the gate's {@code exec} agent or asks the person ({@link Listener#decide}); it finishes the gate,
 * retries a failed one up to {@code max_attempts}, stops at a failed blocking gate and completes the run PASSED when
 * every gate is through. This process holds the run's lease while it drives, so a crash leaves an INTERRUPTED run.
 */
public final class Pipeline {
    private final RunStore store;
    private final WorkflowCatalog workflows;
    private final RunService runs;
    private final GateService gates;
    private final AgentRunner agents;
    private final Clock clock;
    private final ModelGates models;

    public Pipeline(RunStore store, WorkflowCatalog workflows, RunService runs, GateService gates, AgentRunner agents, Clock clock) {
        this(store, workflows, runs, gates, agents, clock, ModelGates.NONE);
    }

    /** As above; {@code models} does the gates a model agent does by itself. */
    public Pipeline(RunStore store, WorkflowCatalog workflows, RunService runs, GateService gates, AgentRunner agents, Clock clock,
                    ModelGates models) {
        this.models = models;
        this.store = store;
        this.workflows = workflows;
        this.runs = runs;
        this.gates = gates;
        this.agents = agents;
        this.clock = clock;
    }

    /** What the person said about a gate they worked on. */
    public record Decision(Kind kind, String reason) {
        public enum Kind { DONE, FAIL, PAUSE }

        public static final Decision DONE = new Decision(Kind.DONE, null);
        public static final Decision PAUSE = new Decision(Kind.PAUSE, null);

        public static Decision fail(String reason) {
            return new Decision(Kind.FAIL, reason);
        }
    }

    /** The command's side of a pipeline: the terminal or CI. Domain code never prints; it tells the listener. */
    public interface Listener {
        /** An attempt is about to be worked on; its packet is written. */
        void attempt(RunRecord run, WorkflowGate gate, Attempt attempt, String packet);

        /** Asks the person whether the gate is done; with no one to ask, answers PAUSE at once. */
        Decision decide(RunRecord run, WorkflowGate gate, Attempt attempt, String packet);

        /** An agent finished (its gate verdict follows through {@link #finished}). */
        void agent(AgentRunner.Result result);

        /** A gate before {@code --start-from} is about to be checked as its outputs stand. */
        default void asItStands(WorkflowGate gate, String startFrom) {
        }

        /** A gate attempt was recorded PASS or FAIL. */
        void finished(String gate, GateService.FinishResult result);

        Writer agentOut();

        Writer agentErr();
    }

    public enum Outcome { PASSED, FAILED, PAUSED }

    /** Where the pipeline stopped; {@code gate} and {@code packet} name the gate it paused or failed at. */
    public record Result(RunRecord run, Outcome outcome, String gate, String packet) {
    }

    /** Creates the run and drives it. */
    public Result run(RunService.StartRequest request, Listener listener) {
        return run(request, null, listener);
    }

    /**
     * Creates the run and drives it from gate {@code startFrom} (null: from the first). As the seed's
     * {@code --start-from}, each earlier gate is started and finished as its outputs stand, and recorded so: never
     * skipped in silence. One that does not pass stops the pipeline and fails the run.
     */
    public Result run(RunService.StartRequest request, String startFrom, Listener listener) {
        if (startFrom != null) {
            Workflow wf = workflows.find(request.workflow());
            if (wf.gate(startFrom) == null) {
                throw OrunException.usage("--start-from " + startFrom + " is not a gate of workflow " + wf.name() + ": use one of "
                        + wf.gates().stream().map(WorkflowGate::gate).toList());
            }
        }
        RunRecord run = runs.start(request, true);
        return drive(run.runId(), listener, false, startFrom);
    }

    /** Starts and finishes each gate before {@code startFrom} as it stands; the first that fails stops the run FAILED. */
    private Result validateBefore(String runId, String startFrom, Listener listener) {
        Workflow wf = workflows.find(store.read(runId).workflow().name());
        for (WorkflowGate wg : wf.gates()) {
            if (wg.gate().equals(startFrom)) {
                return null;
            }
            listener.asItStands(wg, startFrom);
            gates.start(runId, wg.gate(), null, false);
            GateService.FinishResult r = gates.finish(runId, wg.gate(), HashProgress.NONE, true);
            listener.finished(wg.gate(), r);
            if (!r.passed()) {
                RunRecord now = store.read(runId);
                if (!now.status().isFinal()) {
                    now = runs.complete(runId, RunStatus.FAILED);
                }
                return new Result(now, Outcome.FAILED, wg.gate(), null);
            }
        }
        return null;
    }

    /** Carries on with a run: a paused gate is finished (validated), an interrupted one restarted. */
    public Result resume(String runId, Listener listener) {
        return drive(runId, listener, true, null);
    }

    private Result drive(String runId, Listener listener, boolean resuming, String startFrom) {
        RunStatus before;
        try (RunLock ignored = store.lock(runId)) {
            RunRecord run = store.read(runId);
            before = run.status();
            if (before.isFinal()) {
                throw OrunException.failed("run " + runId + " is already " + before + " (finished " + run.finishedAt()
                        + "); there is nothing to resume: "
                        + (before == RunStatus.FAILED ? "reopen it at a gate with 'orun gate start --reopen --run " + runId + " --gate Gx' and then resume, or " : "")
                        + "start it again with 'orun run replay --run " + runId + "'");
            }
            String ts = Times.iso(clock.instant());
            store.leases().take(runId, RunLease.self(ts, "orun run " + run.workflow().name()));
            if (before != RunStatus.RUNNING) {
                run = run.withStatus(RunStatus.RUNNING, null).withEvent(ts, "RUN_RESUMED", "Run resumed (was " + before + ")",
                        null, null);
                store.write(run);
            }
        }
        boolean[] restart = {resuming && before == RunStatus.INTERRUPTED};
        boolean[] finish = {resuming && before != RunStatus.INTERRUPTED};
        try {
            if (startFrom != null) {
                Result stop = validateBefore(runId, startFrom, listener);
                if (stop != null) {
                    return stop;
                }
            }
            Workflow wf = workflows.find(store.read(runId).workflow().name());
            for (WorkflowGate wg : wf.gates()) {
                Result stop = gate(runId, wf, wg, listener, restart, finish);
                if (stop != null) {
                    return stop;
                }
            }
            RunRecord run = store.read(runId);
            if (!run.status().isFinal()) {
                run = runs.complete(runId, RunStatus.PASSED);
            }
            return new Result(run, run.status() == RunStatus.PASSED ? Outcome.PASSED : Outcome.FAILED, null, null);
        } catch (RuntimeException e) {
            interrupt(runId, "orun stopped with an error: " + e.getMessage());
            throw e;
        } finally {
            try (RunLock ignored = store.lock(runId)) {
                store.leases().release(runId);
            }
        }
    }

    /** Works one gate until it passes (null), or returns where the pipeline stops. */
    private Result gate(String runId, Workflow wf, WorkflowGate wg, Listener listener, boolean[] restart, boolean[] finish) {
        while (true) {
            RunRecord run = store.read(runId);
            GateState gs = run.gate(wg.gate());
            GateStatus status = gs == null ? GateStatus.NOT_STARTED : gs.status();
            int tries = gs == null ? 0 : gs.attempts().size();
            Attempt attempt;
            switch (status) {
                case PASS -> {
                    return null;
                }
                case FAIL -> {
                    // Resuming an interrupted run (e.g. one whose agent 'orun kill' ended) tries its gate again.
                    if (tries >= wg.maxAttempts() && !(restart[0] && wg.gate().equals(interruptedAt(run)))) {
                        boolean blocking = gates.contract(wg, wg.gate()).blocking();
                        if (!blocking) {
                            return null;
                        }
                        RunRecord now = store.read(runId);
                        if (!now.status().isFinal()) {
                            now = runs.complete(runId, RunStatus.FAILED);
                        }
                        return new Result(now, Outcome.FAILED, wg.gate(), null);
                    }
                    attempt = gates.start(runId, wg.gate(), null, false).attempt();
                }
                case NOT_STARTED -> attempt = gates.start(runId, wg.gate(), null, false).attempt();
                default -> {
                    Attempt last = gs.lastAttempt();
                    if (restart[0]) {
                        restart[0] = false;
                        finish[0] = false;
                        attempt = gates.start(runId, wg.gate(), null, true, "interrupted: its orun process stopped before the attempt"
                                + " ended; restarted as attempt " + (last.attempt() + 1) + " by 'orun run resume'").attempt();
                    } else if (finish[0]) {
                        finish[0] = false;
                        listener.finished(wg.gate(), gates.finish(runId, wg.gate(), HashProgress.NONE, last.attempt() >= wg.maxAttempts()));
                        continue;
                    } else {
                        attempt = last;
                    }
                }
            }
            restart[0] = false;
            finish[0] = false;
            String packet = agents.ensurePacket(store.read(runId), wg, attempt);
            run = store.read(runId);
            attempt = run.gate(wg.gate()).lastAttempt();
            listener.attempt(run, wg, attempt, packet);
            boolean last = attempt.attempt() >= wg.maxAttempts();
            if (wg.hasExec()) {
                AgentRunner.Result r = agents.exec(new AgentRunner.Request(runId, wg.gate(), null, wg.exec(), wg.execShell(),
                        timeout(wf, wg), true, last), listener.agentOut(), listener.agentErr());
                listener.agent(r);
                listener.finished(wg.gate(), r.gate());
                continue;
            }
            if (models.handles(wf, wg)) {
                listener.finished(wg.gate(), models.run(runId, wg, last, listener.agentOut()));
                continue;
            }
            Decision d = listener.decide(run, wg, attempt, packet);
            switch (d.kind()) {
                case DONE -> listener.finished(wg.gate(), gates.finish(runId, wg.gate(), HashProgress.NONE, last));
                case FAIL -> listener.finished(wg.gate(), gates.fail(runId, wg.gate(), d.reason(), last));
                default -> {
                    return new Result(pause(runId, wg.gate(), attempt.attempt(), packet), Outcome.PAUSED, wg.gate(), packet);
                }
            }
        }
    }

    private RunRecord pause(String runId, String gateId, int attempt, String packet) {
        return store.update(runId, run -> {
            if (run.status() != RunStatus.RUNNING) {
                return run;
            }
            String ts = Times.iso(clock.instant());
            return run.withStatus(RunStatus.PAUSED, null).withEvent(ts, "RUN_PAUSED", "Paused at gate " + gateId + " attempt "
                    + attempt + " for a person (prompt packet " + packet + "); continue with 'orun run resume --run " + runId + "'",
                    gateId, attempt);
        });
    }

    /** After an unexpected error the run is not left RUNNING with no one driving it. */
    private void interrupt(String runId, String reason) {
        try {
            store.update(runId, run -> {
                if (run.status() != RunStatus.RUNNING) {
                    return run;
                }
                String ts = Times.iso(clock.instant());
                return run.withStatus(RunStatus.INTERRUPTED, null).withEvent(ts, "RUN_INTERRUPTED", "Run interrupted: "
                        + (reason.length() > 300 ? reason.substring(0, 297) + "…" : reason)
                        + "; continue with 'orun run resume --run " + runId + "'", null, null);
            });
        } catch (RuntimeException ignored) {
            // the original error is the one to report
        }
    }

    /** The gate named by the run's last RUN_INTERRUPTED event, or null. */
    private static String interruptedAt(RunRecord run) {
        for (int i = run.events().size() - 1; i >= 0; i--) {
            if ("RUN_INTERRUPTED".equals(run.events().get(i).type())) {
                return run.events().get(i).gate();
            }
        }
        return null;
    }

    private static Duration timeout(Workflow wf, WorkflowGate wg) {
        if (wg.timeout() == null) {
            return null;
        }
        return Durations.parse(wg.timeout(), wf.source().getFileName() + " gate " + wg.gate() + " timeout");
    }
}
