package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.RunInputs;
import dev.orun.error.OrunException;
import dev.orun.text.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code orun run}: the run subcommands, and pipeline mode {@code orun run <workflow> --slug S …}: a first word
 * that is not a subcommand is a workflow name, and orun walks that workflow's gates.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a workflow gate by gate, or start, list, show, resume, replay, complete and verify runs.",
                "orun run WORKFLOW --slug S --artifact-path P walks the workflow's gates: exit 0 PASSED, 1 FAILED,",
                "10 paused for a person."})
public final class RunCommand implements Callable<Integer> {
    private final Services services;

    public RunCommand(Services services) {
        this.services = services;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    PipelineReports reports;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKFLOW", completionCandidates = dev.orun.cli.support.Candidates.Workflows.class, description = "Workflow to run (orchestration/workflows/WORKFLOW.yaml).")
    String workflow;

    @Mixin
    RunInputs inputs;

    @Option(names = "--start-from", paramLabel = "GATE", description = "Begin the work at GATE: each earlier gate is checked"
            + " as its outputs stand and recorded; one that fails stops the run.")
    String startFrom;

    @Override
    public Integer call() {
        if (workflow == null) {
            throw new ParameterException(spec.commandLine(), "missing command or workflow: choose one of "
                    + spec.subcommands().keySet() + ", or name a workflow: orun run WORKFLOW --slug S --artifact-path P");
        }
        if (!services.workflows().names().contains(workflow)) {
            String command = Suggest.near(workflow, spec.subcommands().keySet());
            if (command != null) {
                throw OrunException.usage("'" + workflow + "' is neither a run command nor a workflow: did you mean 'orun run "
                        + command + "'?");
            }
            String near = Suggest.near(workflow, services.workflows().names());
            throw OrunException.notFound("'" + workflow + "' is neither a run command " + spec.subcommands().keySet()
                    + " nor a workflow " + services.workflows().names() + (near != null ? ": did you mean 'orun run " + near + "'?"
                    : ": add orchestration/workflows/" + workflow + ".yaml or check the spelling"));
        }
        if (inputs.slug == null) {
            throw OrunException.usage("orun run " + workflow + ": missing --slug S (a short name for what this run produces, e.g. --slug demo)");
        }
        return PipelineSession.drive(global, services, pipeline.noInput, reports, (p, console) -> p.run(inputs.request(workflow, services.ctx()), startFrom, console));
    }
}
