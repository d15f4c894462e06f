package dev.orun.cli;

import dev.orun.cli.support.GateTarget;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.workflow.GateService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code orun gate fail}: record that a gate's attempt failed, with the reason. */
@Command(name = "fail", mixinStandardHelpOptions = true,
        description = "Mark the running attempt at a gate failed, with a reason. A failed blocking gate fails the run.")
public final class GateFailCommand implements Callable<Integer> {
    private final Services services;

    public GateFailCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    GateTarget target;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the gate failed.")
    String reason;

    @Override
    public Integer call() {
        String id = target.runId(services);
        String gate = target.gate;
        GateService.FinishResult r = services.gates().fail(id, gate, reason);
        if (global.json()) {
            global.printJson(r.json(id, gate));
        } else {
            global.out().println(gate + " FAIL (attempt " + r.attempt().attempt() + "): " + r.attempt().failureReason());
            global.out().println("  run " + id + " is " + r.run().status() + "; attempt recorded in " + r.attemptFile());
        }
        return 0;
    }
}
