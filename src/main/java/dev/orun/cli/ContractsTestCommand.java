package dev.orun.cli;

import dev.orun.gate.Check;
import dev.orun.cli.support.CiReports;
import dev.orun.cli.support.Columns;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.error.Exit;
import dev.orun.run.ValidationResult;
import dev.orun.store.PlainFiles;
import dev.orun.workflow.FixtureGates;
import dev.orun.workflow.FixtureSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun contracts test}: the seed's fixture regression suite, run against the repository's contracts. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the fixture suite: lay out each fixture (manifest.json: extends, exclude, assertions) in a scratch"
                + " artifact folder, evaluate the asserted gates (pre-scripts included) with no run, restore what they changed.",
                "Fixtures: orchestration/runner/__tests__/__fixtures__ when present, else orchestration/fixtures.",
                "Exit 0 when every assertion holds, 1 otherwise, 4 on a bad manifest or contract."})
public final class ContractsTestCommand implements Callable<Integer> {
    private final Services services;

    public ContractsTestCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Run only these fixtures (folder names).")
    List<String> names = new ArrayList<>();

    @Option(names = "--fixtures", paramLabel = "DIR", description = "Read fixture folders from DIR (repository-relative).")
    String fixtures;

    @Option(names = "--scratch-dir", paramLabel = "DIR",
            description = "Lay fixtures out under DIR (default: src/app/essays when it exists, else the runs folder's .cache/fixtures).")
    String scratchDir;

    @Option(names = "--online", description = "Check url_reachable validations too (default: skipped, as the seed's suite does).")
    boolean online;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
    Path junitXml;

    @Override
    public Integer call() {
        var paths = services.paths();
        Path temp;
        try {
            temp = PlainFiles.scratchFolder("orun-contracts-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder: " + e.getMessage(), e);
        }
        FixtureSuite.Report report;
        try {
            var gates = new FixtureGates(paths, services.schemas(), services.workflows(), services.ctx().env(), online, temp);
            var suite = new FixtureSuite(paths, services.schemas(), gates, services.ctx().clock());
            Path dir = suite.fixturesDir(fixtures);
            var chosen = suite.discover(dir, names);
            report = suite.run(dir, chosen, suite.scratchParent(scratchDir), temp.resolve("logs"));
        } finally {
            PlainFiles.deleteTreeQuietly(temp);
        }
        List<CiReports.Case> cases = cases(report);
        if (junitXml != null) {
            CiReports.junit(services.ctx().cwd().resolve(junitXml), "orun contracts test", cases);
        }
        if (CiReports.githubActions(services.ctx()) && !global.json()) {
            CiReports.annotations(global.out(), cases);
        }
        CiReports.stepSummary(services.ctx(), "orun contracts test", cases);
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("fixtures_dir", report.fixturesDir());
            doc.put("fixtures", report.fixtures());
            doc.put("assertions", report.outcomes().size());
            doc.put("held", report.held());
            doc.put("failed", report.outcomes().size() - report.held());
            doc.put("restored", report.restored());
            doc.put("removed_leftovers", report.removed());
            doc.put("results", report.outcomes());
            global.printJson(doc);
        } else {
            print(report);
        }
        return report.allHeld() ? 0 : Exit.FAILED.code();
    }

    private void print(FixtureSuite.Report r) {
        var out = global.out();
        for (String x : r.removed()) {
            out.println("note: removed " + x + ", left by a run that was killed (what its scripts changed may still show in git status)");
        }
        out.println("fixtures: " + r.fixturesDir() + " (" + r.fixtures() + " fixture" + (r.fixtures() == 1 ? "" : "s") + ", "
                + r.outcomes().size() + " assertion" + (r.outcomes().size() == 1 ? "" : "s") + ")");
        int fw = Math.max(7, r.outcomes().stream().mapToInt(x -> x.fixture().length()).max().orElse(0));
        int gw = Math.max(4, r.outcomes().stream().mapToInt(x -> x.gate().length()).max().orElse(0));
        int skipped = 0;
        for (FixtureSuite.Outcome x : r.outcomes()) {
            String got = x.got() + (x.warnings() > 0 && !x.got().equals("warn") ? " (" + x.warnings() + " warning"
                    + (x.warnings() == 1 ? "" : "s") + ")" : "");
            out.println((x.holds() ? "ok  " : "FAIL") + "  " + Columns.pad(x.fixture(), fw) + "  " + Columns.pad(x.gate(), gw)
                    + "  expected " + Columns.pad(x.expect(), 4) + "  got " + Columns.pad(got, 4)
                    + (x.reason() == null ? "" : "  " + x.reason()));
            for (String n : x.notes()) {
                out.println("      note: " + n);
            }
            if (!x.holds()) {
                for (ValidationResult v : x.validations()) {
                    boolean shown = x.expect().equals("fail") ? false : !v.pass();
                    if (shown) {
                        out.println("      " + (v.isWarning() ? "warning " : "failed  ") + v.type()
                                + (v.target() == null ? "" : " " + v.target()) + ": " + v.message());
                    }
                }
                if (x.expect().equals("fail")) {
                    out.println("      every check passed (" + Check.count(x.validations().size(), "check") + " in " + x.contract() + ")");
                }
            }
            skipped += x.skipped().isEmpty() ? 0 : 1;
        }
        if (skipped > 0) {
            out.println("url_reachable skipped in " + skipped + " assertion" + (skipped == 1 ? "" : "s")
                    + ": it reaches the network (pass --online to check it)");
        }
        if (!r.restored().isEmpty()) {
            out.println("restored what the gates' scripts changed: " + String.join(", ", r.restored()));
        }
        long held = r.held();
        out.println(held + " of " + r.outcomes().size() + " assertion" + (r.outcomes().size() == 1 ? "" : "s") + " held"
                + (held == r.outcomes().size() ? "" : "; " + (r.outcomes().size() - held) + " did not"));
    }

    private static List<CiReports.Case> cases(FixtureSuite.Report r) {
        List<CiReports.Case> cases = new ArrayList<>();
        for (FixtureSuite.Outcome x : r.outcomes()) {
            String verb = x.expect().equals("pass") ? "passes" : x.expect().equals("warn") ? "warns on" : "fails";
            String name = x.gate() + " " + verb + (x.reason() == null ? "" : " — " + x.reason());
            String message = "expected " + x.expect() + ", got " + x.got();
            cases.add(new CiReports.Case(x.fixture(), name, x.manifestFile(), x.holds() ? "ok" : "error", message));
        }
        return cases;
    }
}
