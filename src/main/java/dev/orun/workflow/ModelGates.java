package dev.orun.workflow;

import java.io.Writer;

/**
 * Gates a model agent does by itself (orun agent execute): the pipeline hands such a gate's running attempt to this
 * driver, as it hands an {@code exec} gate to {@link AgentRunner}. Implemented outside this package (dev.orun.agent).
 */
public interface ModelGates {
    ModelGates NONE = new ModelGates() {
        @Override
        public boolean handles(Workflow wf, WorkflowGate wg) {
            return false;
        }

        @Override
        public GateService.FinishResult run(String runId, WorkflowGate wg, boolean mayFailRun, Writer out) {
            throw new IllegalStateException("no model agent for gate " + wg.gate());
        }
    };

    /** Whether a model agent does this gate. */
    boolean handles(Workflow wf, WorkflowGate wg);

    /** Runs the gate's running attempt with its model agent, then finishes (validates) or fails it. */
    GateService.FinishResult run(String runId, WorkflowGate wg, boolean mayFailRun, Writer out);
}
