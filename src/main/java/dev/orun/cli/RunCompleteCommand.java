package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.RunTarget;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orun run complete}: set a run's final status. */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Set a run's final status (PASSED, FAILED or CANCELED) and finished_at.")
public final class RunCompleteCommand implements Runnable {
    private final Services services;

    public RunCompleteCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    RunTarget target;

    @Option(names = "--status", defaultValue = "PASSED", paramLabel = "S", description = "PASSED, FAILED or CANCELED (default: ${DEFAULT-VALUE}).")
    RunStatus status;

    @Override
    public void run() {
        String id = target.runId(services);
        RunRecord done = services.runs().complete(id, status);
        if (global.json()) {
            global.printJson(done);
        } else {
            global.out().println(id + " " + done.status() + " at " + done.finishedAt());
        }
    }
}
