package dev.orun.cli;

import dev.orun.gate.Check;
import dev.orun.cli.support.Columns;
import dev.orun.cli.support.GateTarget;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.CiReports;
import dev.orun.cli.support.ProgressBar;
import dev.orun.run.ArtifactRef;
import dev.orun.run.ValidationResult;
import dev.orun.workflow.GateService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code orun gate finish}: check the running attempt against its contract, hash its outputs, record the verdict. */
@Command(name = "finish", mixinStandardHelpOptions = true,
        description = {"Check a gate's outputs against its contract, SHA-256 them and record PASS or FAIL (exit 0 or 1).",
                "With GITHUB_ACTIONS=true also prints ::error/::warning annotations and appends a table to $GITHUB_STEP_SUMMARY."})
public final class GateFinishCommand implements Callable<Integer> {
    private final Services services;

    public GateFinishCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    GateTarget target;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the validations as a JUnit XML report to FILE.")
    Path junitXml;

    @Option(names = "--offline", description = "Make no network checks (url_reachable): record each as a warning that it was not checked. Also ORUN_OFFLINE=1.")
    boolean offline;

    @Override
    public Integer call() {
        String id = target.runId(services);
        String gate = target.gate;
        GateService.FinishResult r = services.gates(offline).finish(id, gate, ProgressBar.forHashing(global, services.ctx()));
        List<CiReports.Case> cases = cases(gate, r);
        if (CiReports.githubActions(services.ctx()) && !global.json()) {
            CiReports.annotations(global.out(), cases);
        }
        if (global.json()) {
            global.printJson(r.json(id, gate));
        } else {
            render(global.out(), id, gate, r);
        }
        // The verdict is recorded and printed first: a report that cannot be written does not hide it.
        return CiReports.write(global, services.ctx(), junitXml, "orun gate " + gate + " (" + id + ")", "orun gate " + gate + ": "
                + r.attempt().status() + " (attempt " + r.attempt().attempt() + ", " + id + ")", cases, r.passed() ? 0 : 1);
    }

    static List<CiReports.Case> cases(String gate, GateService.FinishResult r) {
        List<CiReports.Case> cases = new ArrayList<>();
        for (ValidationResult v : r.attempt().validations()) {
            String level = v.pass() ? "ok" : v.isWarning() ? "warning" : "error";
            String file = v.target() != null && !v.target().contains(" ") && !v.target().equals("any_of") ? v.target() : null;
            cases.add(new CiReports.Case(gate, v.type() + (v.target() == null ? "" : " " + v.target()), file, level, v.message()));
        }
        return cases;
    }

    static void render(PrintWriter out, String runId, String gate, GateService.FinishResult r) {
        render(out, runId, gate, r, true);
    }

    /** As {@link #render(PrintWriter, String, String, GateService.FinishResult)}; {@code retryHint} false in a pipeline, which retries by itself. */
    static void render(PrintWriter out, String runId, String gate, GateService.FinishResult r, boolean retryHint) {
        out.println(r.attempt().status() + "  " + gate + (r.contract().name() == null ? "" : " " + r.contract().name())
                + "  (attempt " + r.attempt().attempt() + ", run " + runId + ")");
        for (ValidationResult v : r.attempt().validations()) {
            String mark = v.pass() ? "✓" : v.isWarning() ? "⚠" : "✗";
            out.println("  " + mark + " " + Columns.pad(v.type(), 17) + " " + (v.target() == null ? "" : v.target() + "  ") + v.message());
        }
        if (r.attempt().artifacts().isEmpty()) {
            out.println("  no outputs to hash");
        } else {
            out.println("  artifacts (" + r.attempt().artifacts().size() + ", SHA-256):");
            for (ArtifactRef a : r.attempt().artifacts()) {
                out.println("    " + a.sha256() + "  " + a.resolvedPath() + "  (" + Check.count(a.bytes(), "byte") + ")");
            }
        }
        if (!r.passed() && retryHint) {
            out.println("  run " + r.run().status() + "; to retry: orun gate start" + (r.run().status().isFinal() ? " --reopen" : "")
                    + " --run " + runId + " --gate " + gate);
        }
        out.println("  recorded in " + r.attemptFile());
    }
}
