package dev.orun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orun contracts}: lint workflows and gate contracts. */
@Command(name = "contracts", mixinStandardHelpOptions = true,
        description = "Check workflows and gate contracts, and run the fixture suite.")
public final class ContractsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
    }
}
