package dev.orun.serve;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.github.GitHubException;
import dev.orun.github.WorkflowDispatchSettings;
import dev.orun.github.WorkflowDispatcher;
import dev.orun.run.RunRecord;
import dev.orun.run.Times;
import dev.orun.store.RunStore;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's planner or implementation workflow started in GitHub Actions and recorded as a {@code WORKFLOW_DISPATCHED}
 * event of the run (with the workflow run's id and URL when GitHub gives them): {@code orun dispatch} and
 * {@code POST /runs/{runId}/dispatch} are this one call.
 */
public final class RunDispatch {
    private final RunStore store;
    private final Clock clock;
    private final Map<String, String> env;
    private final String userAgent;

    public RunDispatch(RunStore store, Clock clock, Map<String, String> env, String userAgent) {
        this.store = store;
        this.clock = clock;
        this.env = Map.copyOf(env);
        this.userAgent = userAgent;
    }

    /** What was dispatched where, and what GitHub answered. */
    public record Result(RunRecord run, String kind, WorkflowDispatchSettings settings, WorkflowDispatcher.Dispatched dispatched) {
    }

    /** The settings for {@code kind} (planner or implementation); a missing variable is a usage error naming it. */
    public WorkflowDispatchSettings settings(String kind, String repo) {
        return WorkflowDispatchSettings.resolve(env, kind, repo);
    }

    /**
     * Dispatches and records. A refusal by GitHub is exit 5 with its one line; the dispatch is never retried (a
     * second one would start a second workflow run).
     */
    public Result dispatch(String runId, String kind, WorkflowDispatchSettings settings, String apiUrl) {
        store.read(runId);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("run_id", runId);
        String api = apiUrl != null ? apiUrl : env.get("ORUN_API_URL");
        if (api != null && !api.isBlank()) {
            inputs.put("api_base_url", api.strip());
        }
        WorkflowDispatcher.Dispatched d;
        try {
            d = new WorkflowDispatcher(settings, Duration.ofSeconds(30), userAgent).dispatch(inputs);
        } catch (GitHubException e) {
            throw new OrunException(Exit.EXTERNAL, e.getMessage());
        }
        String what = settings.file() + " on " + settings.repository() + "@" + settings.ref();
        String ts = Times.iso(clock.instant());
        // SeedRuns.execution reads this message back: keep its form
        String message = "Dispatched " + kind + " workflow " + what + (d.workflowRunId() == null ? " (GitHub gave no run id)"
                : " as workflow run " + d.workflowRunId() + (d.htmlUrl() == null ? "" : " " + d.htmlUrl()));
        RunRecord run = store.update(runId, r -> r.withEvent(ts, SeedRuns.DISPATCH_EVENT, message, null, null));
        return new Result(run, kind, settings, d);
    }
}
