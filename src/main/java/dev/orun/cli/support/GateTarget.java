package dev.orun.cli.support;

import picocli.CommandLine.Option;

/** The run and gate a gate command acts on. */
public final class GateTarget {
    @Option(names = "--run", required = true, paramLabel = "ID", description = "Run id (or a unique prefix).")
    public String run;

    @Option(names = "--gate", required = true, paramLabel = "Gx", description = "Gate id, e.g. G1.")
    public String gate;

    /** The full run id (a prefix resolved through the store). */
    public String runId(GlobalOptions o) {
        return o.store().resolveId(run);
    }
}
