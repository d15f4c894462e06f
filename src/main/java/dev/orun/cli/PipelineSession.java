package dev.orun.cli;

import dev.orun.cli.support.CiReports;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.error.Exit;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.workflow.Pipeline;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** One pipeline command (run WORKFLOW, run replay, run resume) from console to verdict: the sequence they share. */
final class PipelineSession {
    private PipelineSession() {
    }

    private static String brief(String s) {
        return s.length() > 160 ? s.substring(0, 157) + "…" : s;
    }

    /**
     * Drives one pipeline command: the console, the pipeline's {@code step} (run, replay or resume), the verdict,
     * then the console's CI reports (JUnit with {@code --junit-xml}, the GitHub step summary) of every attempt it
     * worked on. Returns the exit code: 0 PASSED, 1 FAILED, 10 PAUSED.
     */
    static int drive(GlobalOptions global, Services services, boolean noInput, PipelineReports reports,
                     BiFunction<Pipeline, PipelineConsole, Pipeline.Result> step) {
        // A person can be asked only on a terminal, without --no-input and outside CI.
        boolean interactive = services.ctx().terminal() && !noInput && !services.ctx().ci();
        PipelineConsole console = new PipelineConsole(global, services, interactive, reports);
        try {
            Pipeline.Result r = step.apply(services.pipeline(AgentConsole.progress(global, services.ctx())), console);
            int code = render(global, services, r);
            console.close();
            String heading = "orun run " + r.run().workflow().name() + ": " + r.run().status() + " (" + r.run().runId() + ")"
                    + (r.outcome() == Pipeline.Outcome.PAUSED ? "\nWaiting for a person" + (r.gate() == null ? "" : " at gate " + r.gate())
                    + (r.packet() == null ? "" : " (prompt packet `" + r.packet() + "`)")
                    + "; when the outputs are ready: `orun run resume --run " + r.run().runId() + "`" : "");
            return CiReports.write(global, services.ctx(), console.junitXml(), "orun run " + r.run().workflow().name()
                    + " (" + r.run().runId() + ")", heading, console.cases(), code);
        } finally {
            console.close();
        }
    }

    /** Prints where the pipeline stopped and returns the exit code: 0 PASSED, 1 FAILED, 10 PAUSED. */
    static int render(GlobalOptions global, Services services, Pipeline.Result r) {
        String id = r.run().runId();
        String resume = "orun run resume --run " + id;
        if (global.json()) {
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
            global.printJson(doc);
        } else {
            PrintWriter out = global.out();
            out.println();
            switch (r.outcome()) {
                case PASSED -> {
                    List<GateState> all = r.run().gates();
                    List<String> failed = all.stream().filter(g -> g.status() != dev.orun.run.GateStatus.PASS)
                            .map(g -> g.gate() + (g.status() == dev.orun.run.GateStatus.FAIL ? " failed" : " " + g.status())).toList();
                    long passed = all.size() - failed.size();
                    out.println("PASSED  " + id + "  (" + (failed.isEmpty() ? passed + " gate" + (passed == 1 ? "" : "s") + " passed"
                            : passed + " of " + all.size() + " gates passed; " + String.join(", ", failed) + ", not blocking")
                            + "; record " + services.paths().relative(services.paths().recordDir(id)) + ")");
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
