package dev.orun.cli;

import dev.orun.cli.support.AgentName;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.RunTarget;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.workflow.RunService.InvocationRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orun invocation record}: add an agent or model call to a run. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record an agent invocation (model, tokens, cost, duration) on a run.")
public final class InvocationRecordCommand implements Runnable {
    private final Services services;

    public InvocationRecordCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    RunTarget target;

    @Option(names = "--gate", paramLabel = "Gx", description = "The gate the agent worked on.")
    String gate;

    @Option(names = "--agent", required = true, paramLabel = "A", description = "The agent's name.")
    String agent;

    @Option(names = "--status", defaultValue = "SUCCESS", paramLabel = "S", description = "SUCCESS or FAIL (default: ${DEFAULT-VALUE}).")
    InvocationStatus status;

    @Option(names = "--model", paramLabel = "M", description = "Model name.")
    String model;

    @Option(names = "--provider", paramLabel = "P", description = "Model provider.")
    String provider;

    @Option(names = "--tokens-prompt", defaultValue = "0", paramLabel = "N", description = "Prompt (input) tokens.")
    long tokensPrompt;

    @Option(names = "--tokens-completion", defaultValue = "0", paramLabel = "N", description = "Completion (output) tokens.")
    long tokensCompletion;

    @Option(names = "--cost-usd", paramLabel = "X", description = "Cost in US dollars.")
    Double costUsd;

    @Option(names = "--duration-ms", paramLabel = "N", description = "How long the invocation took, in milliseconds.")
    Long durationMs;

    @Override
    public void run() {
        if (tokensPrompt < 0 || tokensCompletion < 0 || (costUsd != null && costUsd < 0) || (durationMs != null && durationMs < 0)) {
            throw dev.orun.error.OrunException.usage("--tokens-prompt, --tokens-completion, --cost-usd and --duration-ms must not be negative");
        }
        AgentName.check(agent);
        if (status != InvocationStatus.SUCCESS && status != InvocationStatus.FAIL) {
            throw dev.orun.error.OrunException.usage("--status " + status + ": record a finished invocation, SUCCESS or FAIL");
        }
        String id = target.runId(services);
        Invocation inv = services.runs().recordInvocation(id, new InvocationRequest(gate, agent, status, model, provider,
                tokensPrompt, tokensCompletion, costUsd, durationMs));
        if (global.json()) {
            global.printJson(inv);
        } else {
            global.out().println(inv.invocationId());
        }
    }
}
