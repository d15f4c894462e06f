package dev.orun.cli;

import dev.orun.cli.support.CiReports;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.error.Exit;
import dev.orun.gate.GateContract;
import dev.orun.gate.OutputSpec;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wiring, the person's side of the pause, and the rendering shared by the pipeline commands. */
final class PipelineCommands {
    private PipelineCommands() {
    }

    static AgentRunner agents(GlobalOptions o) {
        return new AgentRunner(o.store(), o.workflows(), GateCommands.service(o), o.ctx().clock(), o.ctx().env());
    }

    static Pipeline pipeline(GlobalOptions o) {
        GateService gates = GateCommands.service(o);
        AgentRunner runner = new AgentRunner(o.store(), o.workflows(), gates, o.ctx().clock(), o.ctx().env());
        return new Pipeline(o.store(), o.workflows(), o.runs(), gates, runner, o.ctx().clock(), AgentCommands.gate(o, gates, runner));
    }

    /** A person can be asked only on a terminal, without --no-input and outside CI. */
    static boolean interactive(GlobalOptions o, boolean noInput) {
        return o.ctx().terminal() && !noInput && !o.ctx().ci();
    }

    /** Tells the terminal what the pipeline does; asks the person on a terminal, pauses at once otherwise. */
    static final class Console implements Pipeline.Listener {
        private final GlobalOptions o;
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

        Console(GlobalOptions o, boolean interactive) {
            this(o, interactive, null);
        }

        Console(GlobalOptions o, boolean interactive, PipelineReports reports) {
            this.o = o;
            this.interactive = interactive;
            this.reports = reports;
            // With --json stdout is one document: everything else goes to stderr.
            this.talk = o.json() ? o.err() : o.out();
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
                PrintWriter err = o.err();
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
                models = AgentCommands.gate(o, GateCommands.service(o), agents(o));
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
                    in = new BufferedReader(new InputStreamReader(o.ctx().in(), StandardCharsets.UTF_8));
                }
                return in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the answer from stdin: " + e.getMessage(), e);
            }
        }

        private List<String> outputs(RunRecord run, WorkflowGate gate) {
            List<String> out = new ArrayList<>();
            try {
                GateContract c = GateCommands.service(o).contract(gate, gate.gate());
                Map<String, String> values = new java.util.TreeMap<>(PromptPackets.values(run, null));
                values.putAll(GateService.variables(run).withClientComponent(o.paths().root()).values());
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
            if (CiReports.githubActions(o.ctx()) && !o.json()) {
                CiReports.annotations(o.out(), now);
            }
            // orun itself retries or stops here: the standalone "to retry: orun gate start" hint does not apply.
            GateFinishCommand.render(talk, r.run().runId(), gate, r, false);
            talk.flush();
            afterVerdict = true;
        }

        @Override
        public Writer agentOut() {
            return o.json() ? o.err() : o.out();
        }

        @Override
        public Writer agentErr() {
            return o.err();
        }
    }

    private static String brief(String s) {
        return s.length() > 160 ? s.substring(0, 157) + "…" : s;
    }

    /**
     * As {@link #render(GlobalOptions, Pipeline.Result)}, then writes the console's CI reports (JUnit with
     * {@code --junit-xml}, the GitHub step summary) of every attempt this command worked on.
     */
    static int render(GlobalOptions o, Pipeline.Result r, Console console) {
        int code = render(o, r);
        console.close();
        String heading = "orun run " + r.run().workflow().name() + ": " + r.run().status() + " (" + r.run().runId() + ")";
        return CiReports.write(o, console.reports == null ? null : console.reports.junitXml, "orun run " + r.run().workflow().name()
                + " (" + r.run().runId() + ")", heading, console.cases, code);
    }

    /** Prints where the pipeline stopped and returns the exit code: 0 PASSED, 1 FAILED, 10 PAUSED. */
    static int render(GlobalOptions o, Pipeline.Result r) {
        String id = r.run().runId();
        String resume = "orun run resume --run " + id;
        if (o.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", id);
            doc.put("status", r.run().status());
            doc.put("gate", r.gate());
            doc.put("packet", r.packet());
            doc.put("resume_command", r.outcome() == Pipeline.Outcome.PAUSED ? resume : null);
            List<Map<String, Object>> gates = new ArrayList<>();
            for (GateState g : r.run().gates()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("gate", g.gate());
                m.put("status", g.status());
                m.put("attempts", g.attempts().size());
                gates.add(m);
            }
            doc.put("gates", gates);
            o.printJson(doc);
        } else {
            PrintWriter out = o.out();
            out.println();
            switch (r.outcome()) {
                case PASSED -> {
                    List<GateState> all = r.run().gates();
                    List<String> failed = all.stream().filter(g -> g.status() != dev.orun.run.GateStatus.PASS)
                            .map(g -> g.gate() + (g.status() == dev.orun.run.GateStatus.FAIL ? " failed" : " " + g.status())).toList();
                    long passed = all.size() - failed.size();
                    out.println("PASSED  " + id + "  (" + (failed.isEmpty() ? passed + " gate" + (passed == 1 ? "" : "s") + " passed"
                            : passed + " of " + all.size() + " gates passed; " + String.join(", ", failed) + ", not blocking")
                            + "; record " + o.paths().relative(o.paths().recordDir(id)) + ")");
                }
                case FAILED -> {
                    GateState g = r.gate() == null ? null : r.run().gate(r.gate());
                    Attempt last = g == null ? null : g.lastAttempt();
                    out.println("FAILED  " + id + (g == null ? "" : "  at gate " + g.gate() + " after " + g.attempts().size()
                            + " attempt" + (g.attempts().size() == 1 ? "" : "s")
                            + (last == null || last.failureReason() == null ? "" : ": " + brief(last.failureReason()))));
                    if (g != null) {
                        out.println("  to retry it: orun gate start --reopen --run " + id + " --gate " + g.gate() + ", then orun run resume --run " + id);
                    }
                }
                default -> {
                    out.println("PAUSED  " + id + "  at gate " + r.gate() + ": waiting for a person");
                    out.println("  prompt packet: " + r.packet());
                    out.println("  when the outputs are ready: " + resume);
                }
            }
        }
        return switch (r.outcome()) {
            case PASSED -> Exit.OK.code();
            case FAILED -> Exit.FAILED.code();
            case PAUSED -> Exit.PAUSED.code();
        };
    }
}
