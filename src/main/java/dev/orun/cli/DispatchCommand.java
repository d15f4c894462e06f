package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.VersionProvider;
import dev.orun.github.WorkflowDispatchSettings;
import dev.orun.github.WorkflowDispatcher;
import dev.orun.serve.RunDispatch;
import dev.orun.store.DotEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code orun dispatch planner|implementation --run ID}: start the GitHub Actions workflow that carries a run on. */
@Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = {"Start a run's planner or implementation workflow in GitHub Actions.",
                "A workflow_dispatch with inputs run_id and, with --api-url or ORUN_API_URL, api_base_url. Repository: GITHUB_WORKFLOW_REPOSITORY",
                "(or GITHUB_WORKFLOW_OWNER + GITHUB_WORKFLOW_REPO, GITHUB_REPOSITORY); token: PASS_GITHUB_WORKFLOW_TOKEN",
                "(or GITHUB_WORKFLOW_TOKEN, PASS_GITHUB_TOKEN, GITHUB_TOKEN); ref: GITHUB_WORKFLOW_REF (main); files:",
                "GITHUB_PLANNER_WORKFLOW_FILE (orun-planner.yml), GITHUB_IMPLEMENTATION_WORKFLOW_FILE (orun-implementation.yml).",
                "The dispatch, and the workflow run's id when GitHub gives it, are recorded as an event of the run."})
public final class DispatchCommand implements Callable<Integer> {
    private final Services services;

    public DispatchCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "planner or implementation.")
    String kind;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run the workflow works on.")
    String run;

    @Option(names = "--repo", paramLabel = "OWNER/REPO", description = "Dispatch in this repository (default: GITHUB_WORKFLOW_REPOSITORY).")
    String repo;

    @Option(names = "--api-url", paramLabel = "URL", description = "The orun serve URL the workflow reports to (input api_base_url; default: ORUN_API_URL).")
    String apiUrl;

    @Override
    public Integer call() {
        Map<String, String> env = DotEnv.merged(services.paths().root(), services.ctx().env());
        String id = services.store().resolveId(run);
        services.store().read(id);
        RunDispatch dispatch = new RunDispatch(services.store(), services.ctx().clock(), env, VersionProvider.version());
        WorkflowDispatchSettings settings = dispatch.settings(kind, repo);
        RunDispatch.Result r = dispatch.dispatch(id, kind, settings, apiUrl);
        WorkflowDispatcher.Dispatched d = r.dispatched();
        String what = settings.file() + " on " + settings.repository() + "@" + settings.ref();
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", id);
            doc.put("workflow", kind);
            doc.put("file", settings.file());
            doc.put("repository", settings.repository());
            doc.put("ref", settings.ref());
            doc.put("status", d.status());
            doc.put("workflow_run_id", d.workflowRunId());
            doc.put("run_url", d.runUrl());
            doc.put("html_url", d.htmlUrl());
            global.printJson(doc);
        } else {
            global.out().println("dispatched " + what + " for " + id + (d.workflowRunId() == null ? " (GitHub answered 204: no run id)"
                    : ": workflow run " + d.workflowRunId() + (d.htmlUrl() == null ? "" : " " + d.htmlUrl())));
        }
        return 0;
    }
}
