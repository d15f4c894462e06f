package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
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
    private final Services services;

    public RunResumeCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    PipelineReports reports;

    @Mixin
    RunTarget target;

    @Override
    public Integer call() {
        String id = target.runId(services);
        var before = services.store().read(id);
        // Another live driver: refused here (exit 6) before saying "resuming"; the write path checks again under the lock.
        services.store().leases().refuseOtherDriver(id);
        if (!before.status().isFinal()) {
            global.talk().println("resuming " + id + " (" + before.status() + ")");
        }
        return PipelineSession.drive(global, services, pipeline.noInput, reports, (p, console) -> p.resume(id, console));
    }
}
