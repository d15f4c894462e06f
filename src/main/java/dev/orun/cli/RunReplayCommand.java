package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.RunTarget;
import dev.orun.error.OrunException;
import dev.orun.run.RunRecord;
import dev.orun.workflow.RunService.StartRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code orun run replay}: run a workflow again with what an earlier run was given. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the pipeline again as a new run with the same inputs.",
                "The new run has run ID's workflow, slug, artifact path, depth, vars and prompt file, and its record",
                "says replay_of ID. Exit 0 PASSED, 1 FAILED, 10 paused for a person."})
public final class RunReplayCommand implements Callable<Integer> {
    private final Services services;

    public RunReplayCommand(Services services) {
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
        RunRecord old = services.store().read(id);
        Path prompt = null;
        if (old.prompt() != null) {
            prompt = services.paths().root().resolve(old.prompt().file());
            if (!prompt.toFile().isFile()) {
                throw OrunException.notFound("run " + id + " was given the prompt file " + old.prompt().file()
                        + ", which is gone: restore it (git checkout) before replaying");
            }
            String now = services.runs().promptRef(prompt).sha256();
            if (!now.equals(old.prompt().sha256())) {
                global.talk().println("note: " + old.prompt().file() + " changed since " + id
                        + " (sha256 " + old.prompt().sha256().substring(0, 12) + " then, " + now.substring(0, 12) + " now); replaying with it as it is now");
            }
        }
        var request = new StartRequest(old.workflow().name(), old.workflow().slug(), old.workflow().artifactPath(), old.depth(),
                prompt, old.vars(), id, old.workflow().variant(), old.workflow().buildModel());
        return PipelineSession.drive(global, services, pipeline.noInput, reports, (p, console) -> p.run(request, console));
    }
}
