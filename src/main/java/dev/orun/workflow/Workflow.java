package dev.orun.workflow;

import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A workflow definition: its ordered gates. {@code source} is the file it came from. */
public record Workflow(String name, String version, String description, List<WorkflowGate> gates, Path source) {
    public Workflow {
        requireNonNull(name, "workflow");
        gates = List.copyOf(gates);
    }

    public WorkflowGate gate(String id) {
        for (WorkflowGate g : gates) {
            if (g.gate().equals(id)) {
                return g;
            }
        }
        return null;
    }
}
