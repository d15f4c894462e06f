package dev.orun.issues;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.github.GitHubException;

/** The one line a user reads when GitHub stops a sync (exit 5): what went wrong, what to set, and how to resume. */
final class SyncFailure {
    static final String DEFAULT_TOKEN_VARIABLE = "PASS_GITHUB_ISSUES_TOKEN";

    private SyncFailure() {
    }

    /**
     * @param done how many plan items were synced and saved before it stopped (0 with a dry run)
     */
    static OrunException of(GitHubException e, String repo, String runId, long done, int items, String tokenVariable) {
        String progress = done == 0 ? "" : " (" + done + " of " + items + " plan items done and saved; "
                + "'orun issues sync --run " + runId + "' resumes)";
        String fromVar = tokenVariable.equals(DEFAULT_TOKEN_VARIABLE) ? "" : " (the token now comes from " + tokenVariable + ")";
        String text = switch (e.kind()) {
            case AUTH -> "GitHub rejected the token for " + repo + " (" + e.status() + " " + e.githubMessage()
                    + "): set PASS_GITHUB_ISSUES_TOKEN to a valid token that may write issues in " + repo + fromVar;
            case FORBIDDEN -> "GitHub forbids this token to write issues or labels in " + repo + " (" + e.status() + " "
                    + e.githubMessage() + "): give the token in PASS_GITHUB_ISSUES_TOKEN issues and labels write access to "
                    + repo + fromVar;
            case NOT_FOUND -> "repository " + repo + " not found at " + e.getMessage().replaceFirst("^GitHub answered ", "")
                    + ": the repository (--repo or GITHUB_ISSUES_REPOSITORY) is wrong or the token in "
                    + "PASS_GITHUB_ISSUES_TOKEN cannot see it" + fromVar;
            case RATE_LIMIT -> "GitHub's rate limit stopped the sync: " + e.getMessage() + ": run it again later";
            case UNREACHABLE -> e.getMessage() + ": check GITHUB_API_URL and the network, then run it again";
            default -> e.getMessage() + " (after retries): run it again later";
        };
        return new OrunException(Exit.EXTERNAL, text + progress, e);
    }
}
