package dev.orun.workflow;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One gate of a workflow. {@code exec} is the agent command (empty when a person does the work);
 * {@code execShell} is true when the workflow gave it as one string, run through {@code sh -c}. {@code phase} is
 * the seed's phase name (shown, not acted on). {@code model} makes it a model-agent gate ({@code orun agent execute});
 * {@code audits} names the gates it audits; {@code env} names the variables its agent gets beyond the base allow-list
 * (see ChildProcesses).
 */
public record WorkflowGate(String gate, String name, String agent, String contract, String promptTemplate,
                           String description, List<String> exec, boolean execShell, int maxAttempts, String timeout,
                           String phase, String model, List<String> audits, List<String> env) {
    public WorkflowGate {
        requireNonNull(gate, "gate");
        requireNonNull(contract, "contract");
        exec = exec == null ? List.of() : List.copyOf(exec);
        maxAttempts = Math.max(1, maxAttempts);
        audits = audits == null ? List.of() : List.copyOf(audits);
        env = env == null ? List.of() : List.copyOf(env);
    }

    public WorkflowGate(String gate, String name, String agent, String contract, String promptTemplate,
                        String description, List<String> exec, boolean execShell, int maxAttempts, String timeout) {
        this(gate, name, agent, contract, promptTemplate, description, exec, execShell, maxAttempts, timeout, null, null, null, null);
    }

    public boolean hasExec() {
        return !exec.isEmpty();
    }
}
