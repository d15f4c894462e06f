package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
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
    private final Services services;

    public ContractsCheckCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        services.withoutMemos(); // it checks every file itself: no validation memo, no parsed-YAML memo
        ContractsChecker.Result r = new ContractsChecker(services.paths(), services.schemas(), services.workflows()).check();
        long errors = r.errors();
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("workflows", r.workflows());
            doc.put("contracts", r.contracts());
            doc.put("errors", errors);
            doc.put("problems", r.problems());
            global.printJson(doc);
        } else {
            // Errors and warnings on one stream, in the order found, then the count: a report, read top to bottom.
            for (ContractsChecker.Problem p : r.problems()) {
                global.out().println(p.level() + ": " + p.file()
                        + (p.message().startsWith("/") ? " " : ": ") + p.message());
            }
            global.out().println("checked " + r.workflows() + " workflow" + (r.workflows() == 1 ? "" : "s") + " and " + r.contracts()
                    + " contract" + (r.contracts() == 1 ? "" : "s") + ": " + errors + " problem" + (errors == 1 ? "" : "s")
                    + ", " + (r.problems().size() - errors) + " warning" + (r.problems().size() - errors == 1 ? "" : "s"));
        }
        return errors == 0 ? 0 : Exit.INVALID.code();
    }
}
