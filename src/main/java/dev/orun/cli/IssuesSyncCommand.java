package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.RunTarget;
import dev.orun.cli.support.VersionProvider;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.github.GitHubClient;
import dev.orun.github.GitHubSettings;
import dev.orun.issues.ItemResult;
import dev.orun.issues.IssueSync;
import dev.orun.issues.SyncReport;
import dev.orun.issues.SyncStatus;
import dev.orun.store.DotEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;

/** {@code orun issues sync}: the run's {@code implementation.github_issue_plan} as GitHub issues, exactly once each. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Create or update one GitHub issue per item of the run's issue plan (record/artifacts/architecture_pack.json).",
                "Re-running never duplicates: each issue carries a hidden marker with the run and item id.",
                "Repository: --repo, GITHUB_ISSUES_REPOSITORY, GITHUB_ISSUES_OWNER+GITHUB_ISSUES_REPO or GITHUB_REPOSITORY;"
                        + " token: PASS_GITHUB_ISSUES_TOKEN, GITHUB_ISSUES_TOKEN or GITHUB_TOKEN; GITHUB_API_URL for GitHub Enterprise."
                        + " Also read from .env."})
public final class IssuesSyncCommand implements Runnable {
    @Mixin
    GlobalOptions o;

    @Mixin
    RunTarget target;

    @Option(names = "--repo", paramLabel = "OWNER/REPO", description = "Repository to sync to (default: GITHUB_ISSUES_REPOSITORY).")
    String repo;

    @Option(names = "--dry-run", description = "Print what would be created, updated or left unchanged; write nothing anywhere.")
    boolean dryRun;

    @Override
    public void run() {
        String id = target.runId(o);
        Map<String, String> env = DotEnv.merged(o.paths().root(), o.ctx().env());
        GitHubSettings settings = GitHubSettings.resolve(env, repo);
        IssueSync sync = new IssueSync(o.store(), o.ctx().clock(), o.lockTimeout(), env);
        Consumer<String> log = sync.log(id, dryRun);
        PrintWriter err = o.err();
        Consumer<String> requests = o.verbose() ? log.andThen(line -> {
            err.println("orun: github " + line);
            err.flush();
        }) : log;
        GitHubClient github = new GitHubClient(settings, o.ctx().sleeper(), o.ctx().clock(), userAgent(), requests);
        SyncReport report = sync.sync(id, github, settings.tokenVariable(), dryRun);
        if (report.error() != null) {
            if (!o.json()) {
                render(o.out(), report);
            }
            throw new OrunException(Exit.EXTERNAL, report.error());
        }
        if (o.json()) {
            o.printJson(report);
        } else {
            render(o.out(), report);
        }
    }

    private static void render(PrintWriter out, SyncReport r) {
        out.println((r.dryRun() ? "Dry run: issues for " : "Issues for ") + r.runId() + " in " + r.repository());
        if (!r.labelsCreated().isEmpty()) {
            out.println((r.dryRun() ? "  labels to create: " : "  labels created: ") + String.join(", ", r.labelsCreated()));
        }
        for (ItemResult i : r.items()) {
            String action = r.dryRun() ? dryWord(i.action()) : i.action().json();
            out.printf("  %-9s %-6s %-28s %s%s%n", action, i.issueNumber() == null ? "-" : "#" + i.issueNumber(),
                    i.planItemId(), i.title(), i.error() == null ? "" : "  (" + i.error() + ")");
        }
        out.printf("%s%d %s, %d %s, %d unchanged, %d failed%s%n", r.dryRun() ? "would be: " : "",
                r.count(SyncStatus.CREATED), r.dryRun() ? "to create" : "created",
                r.count(SyncStatus.UPDATED), r.dryRun() ? "to update" : "updated",
                r.count(SyncStatus.UNCHANGED), r.count(SyncStatus.FAILED),
                r.dryRun() ? " (dry run: nothing written)" : r.recordChanged() ? "" : " (nothing changed; record left as it was)");
        out.flush();
    }

    private static String dryWord(SyncStatus s) {
        return switch (s) {
            case CREATED -> "create";
            case UPDATED -> "update";
            case UNCHANGED -> "unchanged";
            case FAILED -> "fail";
        };
    }

    private static String userAgent() {
        try {
            return VersionProvider.version().replace(' ', '/');
        } catch (Exception e) {
            return "orun";
        }
    }
}
