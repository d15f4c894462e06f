package dev.orun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orun agent}: model agents that do a gate by themselves. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run a gate with a tool-using model agent; show its routing and the agents a workflow names.")
public final class AgentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
    }
}
