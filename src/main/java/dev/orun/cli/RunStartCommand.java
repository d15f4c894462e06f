package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.run.RunRecord;
import dev.orun.workflow.RunService.StartRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** {@code orun run start}: create a run of a workflow, gate by gate driven later. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Create a run of a workflow and print its id.")
public final class RunStartCommand implements Runnable {
    @Mixin
    GlobalOptions o;

    @Option(names = "--workflow", required = true, paramLabel = "W", description = "Workflow name (orchestration/workflows/W.yaml).")
    String workflow;

    @Option(names = "--slug", required = true, paramLabel = "S", description = "Short name of what this run produces: [a-z0-9][a-z0-9-]{0,63}.")
    String slug;

    @Option(names = "--artifact-path", paramLabel = "P", description = "Repository-relative folder the outputs go to ({artifact_path}).")
    String artifactPath;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "standard", description = "quick, standard or deep (default: ${DEFAULT-VALUE}).")
    String depth;

    @Option(names = "--prompt-file", paramLabel = "F", description = "The original prompt; its path and SHA-256 go into the record.")
    Path promptFile;

    @Option(names = "--var", paramLabel = "K=V", description = "A variable for contract paths ({K}); repeatable.")
    Map<String, String> vars = new TreeMap<>();

    @Override
    public void run() {
        Path prompt = promptFile == null ? null : o.ctx().cwd().resolve(promptFile);
        RunRecord run = o.runs().start(new StartRequest(workflow, slug, artifactPath, depth, prompt, vars, null));
        if (o.json()) {
            o.printJson(run);
        } else {
            o.out().println(run.runId());
        }
    }
}
