package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code orun plan resume}: carry on a plan that paused for a person's answers (manual provider). */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Carry on a paused plan, reading the answers saved in its logs/plan/ folder.")
public final class PlanResumeCommand implements Callable<Integer> {
    private final Services services;

    public PlanResumeCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The paused plan run.")
    String run;

    @Override
    public Integer call() {
        return PlanCommand.render(global, services.plans(PlanCommand.version()).resume(run));
    }
}
