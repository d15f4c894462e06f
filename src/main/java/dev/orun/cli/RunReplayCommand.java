package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
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
        RunRecord old = o.store().read(id);
        Path prompt = null;
        if (old.prompt() != null) {
            prompt = o.paths().root().resolve(old.prompt().file());
            if (!prompt.toFile().isFile()) {
                throw OrunException.notFound("run " + id + " was given the prompt file " + old.prompt().file()
                        + ", which is gone: restore it (git checkout) before replaying");
            }
            String now = o.runs().promptRef(prompt).sha256();
            if (!now.equals(old.prompt().sha256())) {
                (o.json() ? o.err() : o.out()).println("note: " + old.prompt().file() + " changed since " + id
                        + " (sha256 " + old.prompt().sha256().substring(0, 12) + " then, " + now.substring(0, 12) + " now); replaying with it as it is now");
            }
        }
        var request = new StartRequest(old.workflow().name(), old.workflow().slug(), old.workflow().artifactPath(), old.depth(),
                prompt, old.vars(), id, old.workflow().variant(), old.workflow().buildModel());
        var console = new PipelineCommands.Console(o, PipelineCommands.interactive(o, pipeline.noInput), reports);
        try {
            var result = PipelineCommands.pipeline(o).run(request, console);
            return PipelineCommands.render(o, result, console);
        } finally {
            console.close();
        }
    }
}
