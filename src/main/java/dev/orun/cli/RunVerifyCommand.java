package dev.orun.cli;

import dev.orun.gate.Check;
import dev.orun.cli.support.Columns;
import dev.orun.cli.support.CiReports;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.ProgressBar;
import dev.orun.error.OrunException;
import dev.orun.workflow.RunVerifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code orun run verify}: check records and approved outputs for any change. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify runs: schema, event chain, attempt files and artifact hashes.",
                "Checks RUN.json against its schema, the event hash chain, attempt files against their SHA-256 and their",
                "copy in RUN.json, and rehashes every recorded artifact (OK, MODIFIED or MISSING). Exit 1 on any problem.",
                "Legacy (Node runner) records: artifact hashes only."})
public final class RunVerifyCommand implements Callable<Integer> {
    private final Services services;

    public RunVerifyCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    static final class Which {
        @Option(names = "--run", required = true, paramLabel = "ID", completionCandidates = dev.orun.cli.support.Candidates.Runs.class, description = "Run id (or a unique prefix).")
        String run;

        @Option(names = "--all", required = true, description = "Verify every run in the runs folder.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the findings as a JUnit XML report to FILE.")
    Path junitXml;

    @Override
    public Integer call() {
        services.withoutMemos();
        List<String> ids = which.all ? services.store().runIds() : List.of(services.store().resolveId(which.run));
        if (ids.isEmpty()) {
            throw OrunException.notFound("no runs in " + services.paths().relative(services.paths().runsDir()) + ": nothing to verify");
        }
        RunVerifier verifier = new RunVerifier(services.store(), services.runs()::blockingNotPassed);
        List<RunVerifier.Report> reports = new ArrayList<>();
        for (String id : ids) {
            reports.add(verifier.verify(id, ProgressBar.forHashing(global, services.ctx())));
        }
        List<CiReports.Case> cases = new ArrayList<>();
        for (RunVerifier.Report r : reports) {
            for (RunVerifier.Finding f : r.findings()) {
                cases.add(new CiReports.Case(r.runId(), f.check() + " " + f.path(), f.path(), f.ok() ? "ok" : "error",
                        f.status() + ": " + f.message()));
            }
        }
        if (junitXml != null) {
            CiReports.junit(services.ctx().cwd().resolve(junitXml), "orun run verify", cases);
        }
        boolean ok = reports.stream().allMatch(RunVerifier.Report::ok);
        if (CiReports.githubActions(services.ctx())) {
            if (!global.json()) {
                CiReports.annotations(global.out(), cases);
            }
            CiReports.stepSummary(services.ctx(), "orun run verify: " + (ok ? "OK" : "PROBLEMS") + " (" + Check.count(reports.size(), "run") + ")", cases);
        }
        if (global.json()) {
            global.printJson(reports);
            return ok ? 0 : 1;
        }
        long problems = 0;
        for (RunVerifier.Report r : reports) {
            global.out().println(r.runId() + (r.legacy() ? "  (legacy record: artifact hashes only; no event chain or attempt hashes to check)" : "")
                    + "  " + (r.ok() ? "OK" : r.problems() + " problem" + (r.problems() == 1 ? "" : "s")));
            for (RunVerifier.Finding f : r.findings()) {
                if (!f.ok() || global.verbose() || !which.all) {
                    global.out().println("  " + Columns.pad(f.status(), 9) + Columns.pad(f.check(), 9) + f.path()
                            + (f.ok() && f.check().equals("artifact") ? "" : "  " + f.message()));
                }
            }
            problems += r.problems();
        }
        global.out().println(ok ? "verified " + reports.size() + " run" + (reports.size() == 1 ? "" : "s") + ": no problems"
                : "verified " + reports.size() + " run" + (reports.size() == 1 ? "" : "s") + ": " + problems + " problem" + (problems == 1 ? "" : "s"));
        return ok ? 0 : 1;
    }
}
