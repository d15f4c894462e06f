package dev.orun.cli.support;

import picocli.CommandLine.Option;

/** The run a command acts on: {@code --run ID}, a full id or a unique prefix of it or of its random suffix. */
public final class RunTarget {
    @Option(names = "--run", required = true, paramLabel = "ID", completionCandidates = Candidates.Runs.class, description = "Run id (or a unique prefix).")
    public String run;

    /** The full run id (a prefix resolved through the store). */
    public String runId(Services services) {
        return services.store().resolveId(run);
    }
}
