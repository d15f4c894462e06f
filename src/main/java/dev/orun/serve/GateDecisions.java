package dev.orun.serve;

import dev.orun.error.OrunException;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.workflow.AgentRunner;
import dev.orun.workflow.GateService;
import dev.orun.workflow.Pipeline;
import dev.orun.workflow.WorkflowGate;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A person's answer to a paused gate, from the page: the terminal's pause, answered elsewhere. <em>Done</em> is
 * {@code orun run resume} (the gate is validated and the pipeline goes on, running agent gates and pausing again at
 * the next gate for a person); <em>fail</em> records the reason as the terminal's fail does, and the pipeline goes
 * on as it would there (a retry, or the run fails); <em>pause</em> leaves the run as it is.
 */
final class GateDecisions {
    private final ServeContext ctx;

    GateDecisions(ServeContext ctx) {
        this.ctx = ctx;
    }

    /** What the answer led to, in lines for the page. */
    record Outcome(RunRecord run, List<String> lines) {
    }

    /** The gate a paused run waits on, or null when the run is not paused at a gate. */
    static GateState pausedGate(RunRecord run) {
        if (run.status() != RunStatus.PAUSED) {
            return null;
        }
        for (GateState g : run.gates()) {
            if (g.status() == GateStatus.RUNNING) {
                return g;
            }
        }
        return null;
    }

    Outcome done(String runId, String gateId) {
        check(runId, gateId);
        Lines lines = new Lines();
        Pipeline.Result r = ctx.pipeline().resume(runId, lines);
        lines.add(summary(r));
        return new Outcome(r.run(), lines.lines);
    }

    /** A fail's reason, checked before the answer is taken. */
    String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("the reason is empty: say why the gate fails", "/reason");
        }
        return reason;
    }

    Outcome fail(String runId, String gateId, String reason) {
        reason(reason);
        RunRecord run = check(runId, gateId);
        GateService gates = ctx.gates();
        WorkflowGate wg = gates.workflowGate(run, gateId);
        Attempt attempt = run.gate(gateId).lastAttempt();
        boolean last = attempt.attempt() >= wg.maxAttempts();
        GateService.FinishResult failed = gates.fail(runId, gateId, reason.strip(), last);
        Lines lines = new Lines();
        lines.finished(gateId, failed);
        if (failed.run().status().isFinal()) {
            lines.add("run " + failed.run().status());
            return new Outcome(failed.run(), lines.lines);
        }
        Pipeline.Result r = ctx.pipeline().resume(runId, lines);
        lines.add(summary(r));
        return new Outcome(r.run(), lines.lines);
    }

    Outcome pause(String runId, String gateId) {
        RunRecord run = check(runId, gateId);
        return new Outcome(run, List.of("left paused at gate " + gateId + "; answer again here or with 'orun run resume --run "
                + runId + "'"));
    }

    /** The run, when it is paused at {@code gateId}; else 409 saying where it is. */
    RunRecord check(String runId, String gateId) {
        RunRecord run = ctx.store().read(runId);
        GateState paused = pausedGate(run);
        if (paused == null || !paused.gate().equals(gateId)) {
            throw OrunException.failed("run " + runId + " is " + run.status() + (paused == null ? "" : " at gate " + paused.gate())
                    + ", not paused at gate " + gateId + ": reload the page");
        }
        return run;
    }

    private static String summary(Pipeline.Result r) {
        return switch (r.outcome()) {
            case PASSED -> "run PASSED: every gate passed";
            case FAILED -> "run FAILED" + (r.gate() == null ? "" : " at gate " + r.gate());
            case PAUSED -> "paused again at gate " + r.gate() + ": waiting for a person";
        };
    }

    /** The pipeline's listener on the server: no one to ask (a person gate pauses), agent output only to logs/. */
    private static final class Lines implements Pipeline.Listener {
        final List<String> lines = new ArrayList<>();

        void add(String line) {
            lines.add(line);
        }

        @Override
        public void attempt(RunRecord run, WorkflowGate gate, Attempt attempt, String packet) {
            lines.add(gate.gate() + " attempt " + attempt.attempt() + " started");
        }

        @Override
        public Pipeline.Decision decide(RunRecord run, WorkflowGate gate, Attempt attempt, String packet) {
            return Pipeline.Decision.PAUSE;
        }

        @Override
        public void agent(AgentRunner.Result result) {
            lines.add("agent " + result.invocation().agent() + ": " + result.invocation().status());
        }

        @Override
        public void finished(String gate, GateService.FinishResult result) {
            StringBuilder sb = new StringBuilder(gate + " " + result.attempt().status() + " (attempt " + result.attempt().attempt() + ")");
            if (result.attempt().failureReason() != null) {
                sb.append(": ").append(result.attempt().failureReason());
            }
            lines.add(sb.toString());
        }

        @Override
        public Writer agentOut() {
            return Writer.nullWriter();
        }

        @Override
        public Writer agentErr() {
            return Writer.nullWriter();
        }
    }
}
