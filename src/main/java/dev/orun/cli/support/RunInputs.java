package dev.orun.cli.support;

import dev.orun.workflow.RunService.StartRequest;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What a new run is for: the options {@code run start} and pipeline mode {@code run WORKFLOW} share. */
public final class RunInputs {
    @Option(names = "--slug", paramLabel = "S", description = "Short name of what this run produces: [a-z0-9][a-z0-9-]{0,63}.")
    public String slug;

    @Option(names = "--artifact-path", paramLabel = "P", description = {"Repository-relative folder the outputs go to ({artifact_path}).",
            "Default: artifact_path in orchestration/orun.yaml with {slug}; for the seed's layout src/app/essays/{slug}."})
    public String artifactPath;

    @Option(names = "--variant", paramLabel = "NAME", description = "A model build variant of an existing essay: recorded; without"
            + " --artifact-path its outputs go to <derived path>/v/NAME.")
    public String variant;

    @Option(names = "--build-model", paramLabel = "M", description = "The model id this build uses: recorded in the run.")
    public String buildModel;

    @Option(names = "--depth", paramLabel = "D", completionCandidates = Candidates.Depths.class, defaultValue = "standard", description = "quick, standard or deep (default: ${DEFAULT-VALUE}).")
    public String depth;

    @Option(names = "--prompt-file", paramLabel = "F", description = "The original prompt: put in every packet; its path and SHA-256 go into the record.")
    public Path promptFile;

    @Option(names = "--var", paramLabel = "K=V", description = "A variable for contract paths and commands ({K}); repeatable.")
    public Map<String, String> vars = new TreeMap<>();

    /** The start request for {@code workflow}, with the prompt file resolved against the working folder. */
    public StartRequest request(String workflow, CliContext ctx) {
        Path prompt = promptFile == null ? null : ctx.cwd().resolve(promptFile);
        return new StartRequest(workflow, slug, artifactPath, depth, prompt, vars, null, variant, buildModel);
    }
}
