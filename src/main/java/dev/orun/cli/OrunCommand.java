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
        description = "The orchestration runner: durable, verifiable records of workflows in which agents and people produce files.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:done; the gate, run or check passed",
            " 1:a gate, validation, verification or run failed",
            " 2:usage error (unknown option, missing argument, bad value)",
            " 3:not found (run, gate, workflow, contract)",
            " 4:invalid or corrupt input (schema, contract, path escaping the repository)",
            " 5:an external service failed after retries (LLM, GitHub)",
            " 6:the run is locked by another process past --lock-timeout",
            "10:paused: the pipeline waits for a person"})
public final class OrunCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(java.util.Map.Entry::getKey).toList());
    }
}
