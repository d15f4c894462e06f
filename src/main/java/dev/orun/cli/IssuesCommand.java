package dev.orun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orun issues}: the issue-sync subcommands. */
@Command(name = "issues", mixinStandardHelpOptions = true,
        description = "Sync a run's issue plan to GitHub.")
public final class IssuesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
    }
}
