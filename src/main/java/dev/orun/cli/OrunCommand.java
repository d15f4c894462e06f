package dev.orun.cli;

import dev.orun.cli.support.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orun}: the root command. */
@Command(name = "orun",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"The orchestration runner: durable, verifiable records of workflows in which agents and people produce files.",
                "Global options (--json, -v, --root DIR, --lock-timeout D) go before or after the command: orun --root DIR run list."},
        exitCodeListHeading = "%nExit codes:%n")
public final class OrunCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(java.util.Map.Entry::getKey).toList());
    }
}
