package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.RunTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code orun run resume}: carry on with a paused or interrupted run. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Carry on with a PAUSED or INTERRUPTED run.",
                "A PAUSED gate is validated (as gate finish) and the pipeline goes on; an INTERRUPTED run restarts",
                "the gate that was running. Exit 0 PASSED, 1 FAILED, 10 paused again."})
public final class RunResumeCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions o;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    PipelineReports reports;

    @Mixin
    RunTarget target;

    @Override
    public Integer call() {
        String id = target.runId(o);
        var before = o.store().read(id);
        if (!before.status().isFinal()) {
            (o.json() ? o.err() : o.out()).println("resuming " + id + " (" + before.status() + ")");
        }
        var console = new PipelineCommands.Console(o, PipelineCommands.interactive(o, pipeline.noInput), reports);
        try {
            var result = PipelineCommands.pipeline(o).resume(id, console);
            return PipelineCommands.render(o, result, console);
        } finally {
            console.close();
        }
    }
}
