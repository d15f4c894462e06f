package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.RunInputs;
import dev.orun.run.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orun run start}: create a run of a workflow, gate by gate driven later. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Create a run of a workflow and print its id.")
public final class RunStartCommand implements Runnable {
    private final Services services;

    public RunStartCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--workflow", required = true, paramLabel = "W", completionCandidates = dev.orun.cli.support.Candidates.Workflows.class, description = "Workflow name (orchestration/workflows/W.yaml).")
    String workflow;

    @Mixin
    RunInputs inputs;

    @Override
    public void run() {
        if (inputs.slug == null) {
            throw dev.orun.error.OrunException.usage("missing --slug S (a short name for what this run produces, e.g. --slug demo)");
        }
        RunRecord run = services.runs().start(inputs.request(workflow, services.ctx()));
        if (global.json()) {
            global.printJson(run);
        } else {
            global.out().println(run.runId());
        }
    }
}
