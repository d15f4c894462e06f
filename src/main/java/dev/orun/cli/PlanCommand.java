package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.plan.PlanService;
import dev.orun.run.IndexedArtifact;
import dev.orun.schema.Violation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun plan}: a PRD becomes a schema-valid architecture pack, recorded as a run of the built-in plan workflow. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Turn a PRD into an architecture pack (JSON, summary, Mermaid diagram) with an LLM, section by section.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:the pack validated and was recorded",
            " 2:usage error, or a provider's variable is missing",
            " 3:run or PRD not found",
            " 4:a section still broke its schema or checks after two repairs (raw answers in logs/plan/)",
            " 5:the LLM service failed after retries, or refused the key",
            "10:paused: the manual provider waits for an answer file (orun plan resume)"})
public final class PlanCommand implements Callable<Integer> {
    private final Services services;

    public PlanCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    static final class Source {
        @Option(names = "--prd", paramLabel = "FILE", description = "The PRD (Markdown or text); '-' reads stdin.")
        String prd;

        @Option(names = "--run", paramLabel = "ID", description = "Plan the PRD this run holds (record/inputs/prd.md or its prompt file).")
        String run;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(names = "--provider", paramLabel = "P",
            description = "anthropic, openai or manual (default: anthropic when ANTHROPIC_API_KEY is set, else manual).")
    String provider;

    @Option(names = "--model", paramLabel = "M", description = "The model (default: ANTHROPIC_MODEL or OPENAI_MODEL).")
    String model;

    @Option(names = "--slug", paramLabel = "S", description = "Slug of the new run (default: from the PRD file name).")
    String slug;

    @Override
    public Integer call() {
        if (source == null) {
            throw OrunException.usage("missing --prd FILE or --run ID (or a subcommand: import, resume)");
        }
        PlanService plans = services.plans(version());
        PlanService.Outcome outcome;
        if (source.prd != null) {
            String text = source.prd.equals("-") ? stdin() : dev.orun.plan.PlanService.readPrd(services.ctx().cwd().resolve(source.prd), source.prd);
            outcome = plans.planPrd(text, source.prd.equals("-") ? null : source.prd, slug, provider, model);
        } else {
            outcome = plans.planRun(source.run, provider, model);
        }
        return render(global, outcome);
    }

    static int render(GlobalOptions global, PlanService.Outcome outcome) {
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", outcome.run().runId());
            doc.put("status", outcome.run().status().name());
            doc.put("paused", outcome.paused());
            doc.put("message", outcome.message());
            doc.put("artifacts", outcome.artifacts());
            doc.put("warnings", outcome.warnings());
            global.printJson(doc);
        } else {
            global.out().println(outcome.run().runId() + " " + outcome.run().status());
            if (outcome.paused()) {
                global.out().println(outcome.message());
            }
            for (IndexedArtifact a : outcome.artifacts()) {
                global.out().println("  " + a.path() + "  sha256 " + a.sha256());
            }
            List<Violation> warnings = outcome.warnings();
            for (Violation w : warnings) {
                global.out().println("  warning " + w.pointer() + ": " + w.message());
            }
            global.out().flush();
        }
        return outcome.paused() ? Exit.PAUSED.code() : Exit.OK.code();
    }

    private String stdin() {
        try {
            InputStream in = services.ctx().in();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PRD from stdin: " + e.getMessage(), e);
        }
    }

    static String version() {
        return dev.orun.BuildInfo.VERSION;
    }
}
