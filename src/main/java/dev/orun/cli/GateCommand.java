package dev.orun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orun gate}: the gate subcommands. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Start, finish, fail and exec a run's gates.")
public final class GateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
    }
}
