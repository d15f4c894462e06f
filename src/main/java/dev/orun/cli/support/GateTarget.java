package dev.orun.cli.support;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The run and gate a gate command acts on. */
public final class GateTarget {
    @Mixin
    public RunTarget run;

    @Option(names = "--gate", required = true, paramLabel = "Gx", description = "Gate id, e.g. G1.")
    public String gate;

    /** The full run id (a prefix resolved through the store). */
    public String runId(Services services) {
        return run.runId(services);
    }
}
