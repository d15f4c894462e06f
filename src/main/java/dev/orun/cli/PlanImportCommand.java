package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code orun plan import}: validate a pack made elsewhere and attach it to a run, as {@code plan} would. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Validate an architecture pack JSON file and record it (with summary and diagram) in a run.")
public final class PlanImportCommand implements Callable<Integer> {
    private final Services services;

    public PlanImportCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to attach the pack to.")
    String run;

    @Parameters(index = "0", paramLabel = "FILE", description = "The architecture pack (JSON).")
    Path file;

    @Override
    public Integer call() {
        return PlanCommand.render(global, services.plans(PlanCommand.version()).importPack(run, services.ctx().cwd().resolve(file), file.toString()));
    }
}
