package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.error.Exit;
import dev.orun.workflow.ContractsChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun contracts check}: every workflow and contract parses, validates and points at files that exist. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Lint every workflow and gate contract: schema, known validation types and variables, referenced files.",
                "Exit 4 listing every problem; warnings (e.g. a missing prompt template) do not fail."})
public final class ContractsCheckCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions o;

    @Override
    public Integer call() {
        ContractsChecker.Result r = new ContractsChecker(o.paths(), o.schemas(), o.workflows()).check();
        long errors = r.errors();
        if (o.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("workflows", r.workflows());
            doc.put("contracts", r.contracts());
            doc.put("errors", errors);
            doc.put("problems", r.problems());
            o.printJson(doc);
        } else {
            // Errors and warnings on one stream, in the order found, then the count: a report, read top to bottom.
            for (ContractsChecker.Problem p : r.problems()) {
                o.out().println(p.level() + ": " + p.file()
                        + (p.message().startsWith("/") ? " " : ": ") + p.message());
            }
            o.out().println("checked " + r.workflows() + " workflow" + (r.workflows() == 1 ? "" : "s") + " and " + r.contracts()
                    + " contract" + (r.contracts() == 1 ? "" : "s") + ": " + errors + " problem" + (errors == 1 ? "" : "s")
                    + ", " + (r.problems().size() - errors) + " warning" + (r.problems().size() - errors == 1 ? "" : "s"));
        }
        return errors == 0 ? 0 : Exit.INVALID.code();
    }
}
