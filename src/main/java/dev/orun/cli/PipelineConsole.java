package dev.orun.cli;

import dev.orun.cli.support.CiReports;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.gate.GateContract;
import dev.orun.gate.OutputSpec;
import dev.orun.run.Attempt;
import dev.orun.run.RunRecord;
import dev.orun.workflow.AgentRunner;
import dev.orun.workflow.GateService;
import dev.orun.workflow.Pipeline;
import dev.orun.workflow.Pipeline.Decision;
import dev.orun.workflow.Placeholders;
import dev.orun.workflow.PromptPackets;
import dev.orun.workflow.WorkflowGate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The person's side of a pipeline: tells the terminal what the pipeline does, asks the person on a terminal
 * (pauses at once otherwise), and gathers each attempt's validations for the CI reports.
 */
final class PipelineConsole implements Pipeline.Listener {
    private final GlobalOptions global;
    private final Services services;
    private final boolean interactive;
    private final PrintWriter talk;
    private BufferedReader in;
    /** Whether a gate verdict was printed: the next gate's block is set off from it by a blank line. */
    private boolean afterVerdict;
    private final PipelineReports reports;
    /** Every attempt's validations, for the JUnit report and the GitHub step summary. */
    private final List<CiReports.Case> cases = new ArrayList<>();
    /** Prints what to do next when orun is stopped (Ctrl-C) while it drives the run. */
    private Thread onStop;

    PipelineConsole(GlobalOptions global, Services services, boolean interactive, PipelineReports reports) {
        this.global = global;
        this.services = services;
        this.interactive = interactive;
        this.reports = reports;
        // With --json stdout is one document: everything else goes to stderr.
        this.talk = global.json() ? global.err() : global.out();
    }

    /** The pipeline is over (or failed): orun is no longer stopped in the middle of it. */
    void close() {
        if (onStop != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            onStop = null;
        }
    }

    @Override
    public void attempt(RunRecord run, WorkflowGate gate, Attempt attempt, String packet) {
        if (onStop == null) {
            String id = run.runId();
            PrintWriter err = global.err();
            onStop = new Thread(() -> {
                err.println();
                err.println("orun: stopped while it drove " + id + " (gate " + gate.gate() + "); the run shows as INTERRUPTED:"
                        + " continue with 'orun run resume --run " + id + "'");
                err.flush();
            }, "orun-on-stop");
            Runtime.getRuntime().addShutdownHook(onStop);
        }
        if (afterVerdict) {
            talk.println();
        }
        talk.println("== " + gate.gate() + (gate.name() == null ? "" : " " + gate.name()) + "  attempt " + attempt.attempt()
                + (gate.maxAttempts() > 1 ? " of " + gate.maxAttempts() : "")
                + (gate.hasExec() ? "  agent " + (attempt.agent() == null ? "(command)" : attempt.agent())
                : modelGate(gate) ? "  model agent " + attempt.agent() : "  for a person"
                + (attempt.agent() == null ? "" : " (" + attempt.agent() + ")")));
        talk.println("   prompt packet  " + packet);
        talk.flush();
    }

    private dev.orun.workflow.ModelGates models;

    private boolean modelGate(WorkflowGate gate) {
        if (models == null) {
            GateService gates = services.gates();
            models = services.agentGate(gates, services.agents(gates), AgentConsole.progress(global, services.ctx()));
        }
        return models.handles(null, gate);
    }

    @Override
    public Decision decide(RunRecord run, WorkflowGate gate, Attempt attempt, String packet) {
        if (!interactive) {
            return Decision.PAUSE;
        }
        for (String output : outputs(run, gate)) {
            talk.println("   output         " + output);
        }
        talk.println("   Do the work the packet describes, then answer here.");
        while (true) {
            talk.print("   [Enter/d] done   [f] fail the gate   [p] pause and leave > ");
            talk.flush();
            String line = readLine();
            if (line == null) {
                talk.println();
                talk.println("   end of input: pausing (never taken as done)");
                return Decision.PAUSE;
            }
            switch (line.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "", "d", "done" -> {
                    return Decision.DONE;
                }
                case "p", "pause" -> {
                    return Decision.PAUSE;
                }
                case "f", "fail" -> {
                    String reason = askReason();
                    if (reason == null) {
                        talk.println();
                        talk.println("   end of input: pausing (the gate is not failed)");
                        return Decision.PAUSE;
                    }
                    return Decision.fail(reason);
                }
                default -> talk.println("   '" + line.strip() + "' is not an answer: press Enter (or d) when done, f to fail, p to pause");
            }
        }
    }

    private String askReason() {
        while (true) {
            talk.print("   why does " + "the gate fail? > ");
            talk.flush();
            String reason = readLine();
            if (reason == null || !reason.isBlank()) {
                return reason == null ? null : reason.strip();
            }
        }
    }

    private String readLine() {
        try {
            if (in == null) {
                in = new BufferedReader(new InputStreamReader(services.ctx().in(), StandardCharsets.UTF_8));
            }
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer from stdin: " + e.getMessage(), e);
        }
    }

    private List<String> outputs(RunRecord run, WorkflowGate gate) {
        List<String> out = new ArrayList<>();
        try {
            GateContract c = services.gates().contract(gate, gate.gate());
            Map<String, String> values = new java.util.TreeMap<>(PromptPackets.values(run, null));
            values.putAll(GateService.variables(run).withClientComponent(services.paths().root()).values());
            String depth = run.depth() == null ? "standard" : run.depth();
            for (OutputSpec s : c.outputs()) {
                out.add(Placeholders.fill(s.path(), values) + (s.requiredAt(depth) ? "" : " (optional)"));
            }
        } catch (RuntimeException e) {
            // the packet lists them; the contract's error shows when the gate is finished
        }
        return out;
    }

    @Override
    public void asItStands(WorkflowGate gate, String startFrom) {
        if (afterVerdict) {
            talk.println();
        }
        talk.println("== " + gate.gate() + (gate.name() == null ? "" : " " + gate.name())
                + "  checked as its outputs stand (--start-from " + startFrom + ")");
        talk.flush();
        afterVerdict = false;
    }

    @Override
    public void agent(AgentRunner.Result r) {
        var inv = r.invocation();
        talk.println("   agent " + inv.agent() + ": " + inv.status() + (inv.exitCode() == null ? "" : " (exit " + inv.exitCode() + ")")
                + " in " + inv.durationMs() + " ms" + (inv.reason() == null ? "" : ": " + inv.reason()));
        talk.println("   output log     " + r.log());
        talk.flush();
    }

    @Override
    public void finished(String gate, GateService.FinishResult r) {
        List<CiReports.Case> now = new ArrayList<>();
        for (CiReports.Case c : GateFinishCommand.cases(gate, r)) {
            now.add(new CiReports.Case(gate + " attempt " + r.attempt().attempt(), c.name(), c.file(), c.level(), c.message()));
        }
        if (r.evaluation() == null && !r.passed()) {
            now.add(new CiReports.Case(gate + " attempt " + r.attempt().attempt(), "gate " + gate, null, "error",
                    String.valueOf(r.attempt().failureReason())));
        }
        cases.addAll(now);
        if (CiReports.githubActions(services.ctx()) && !global.json()) {
            CiReports.annotations(global.out(), now);
        }
        // orun itself retries or stops here: the standalone "to retry: orun gate start" hint does not apply.
        GateFinishCommand.render(talk, r.run().runId(), gate, r, false);
        talk.flush();
        afterVerdict = true;
    }

    @Override
    public Writer agentOut() {
        return global.json() ? global.err() : global.out();
    }

    @Override
    public Writer agentErr() {
        return global.err();
    }

    /** Where --junit-xml asked for the JUnit report, or null. */
    java.nio.file.Path junitXml() {
        return reports == null ? null : reports.junitXml;
    }

    /** Every attempt's validations so far. */
    List<CiReports.Case> cases() {
        return cases;
    }
}
