package dev.orun.github;

import dev.orun.error.OrunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The wording each command's GitHub errors had before the two resolutions were folded into {@link GitHubAccess}. */
class GitHubAccessTest {
    private static String message(Executable e) {
        return assertThrows(OrunException.class, e).getMessage();
    }

    @Test
    void issues_settings_keep_their_own_variables_and_wording() {
        assertEquals("no repository to sync issues to: pass --repo OWNER/REPO or set GITHUB_ISSUES_REPOSITORY "
                + "(in the environment or .env)", message(() -> GitHubSettings.resolve(Map.of(), null)));
        assertEquals("GITHUB_ISSUES_OWNER/GITHUB_ISSUES_REPO 'a b/c' is not OWNER/REPO: set it like octocat/hello-world",
                message(() -> GitHubSettings.resolve(Map.of("GITHUB_ISSUES_OWNER", "a b", "GITHUB_ISSUES_REPO", "c"), null)));
        assertEquals("no GitHub token: set PASS_GITHUB_ISSUES_TOKEN (in the environment or .env) to a token "
                + "that may write issues and labels in o/r", message(() -> GitHubSettings.resolve(Map.of("GITHUB_REPOSITORY", "o/r"), null)));
        assertEquals("GITHUB_ISSUES_TOKEN holds characters a token cannot have (spaces, line breaks or non-ASCII): "
                + "set PASS_GITHUB_ISSUES_TOKEN to the token alone",
                message(() -> GitHubSettings.resolve(Map.of("GITHUB_ISSUES_TOKEN", "a b"), "o/r")));
        assertEquals("GITHUB_API_URL 'ftp://x' is not an http(s) URL: unset it for github.com, "
                + "or set it like https://github.example.com/api/v3",
                message(() -> GitHubSettings.resolve(Map.of("GITHUB_TOKEN", "t0ken", "GITHUB_API_URL", "ftp://x"), "o/r")));
        GitHubSettings s = GitHubSettings.resolve(Map.of("GITHUB_ISSUES_REPOSITORY", " o/r ", "GITHUB_TOKEN", "t0ken",
                "GITHUB_API_URL", "http://127.0.0.1:9/api//"), null);
        assertEquals("GitHubSettings[repository=o/r, token from GITHUB_TOKEN, api=http://127.0.0.1:9/api]", s.toString());
        assertEquals("GITHUB_ISSUES_REPOSITORY", s.repositorySource());
    }

    @Test
    void dispatch_settings_keep_their_own_variables_and_wording() {
        assertEquals("no repository to dispatch in: set GITHUB_WORKFLOW_REPOSITORY=OWNER/REPO (or "
                + "GITHUB_WORKFLOW_OWNER and GITHUB_WORKFLOW_REPO), in the environment or .env, or pass --repo",
                message(() -> WorkflowDispatchSettings.resolve(Map.of(), "planner", null)));
        assertEquals("GITHUB_WORKFLOW_OWNER/GITHUB_WORKFLOW_REPO 'a b/c' is not OWNER/REPO: set it like octocat/hello-world",
                message(() -> WorkflowDispatchSettings.resolve(Map.of("GITHUB_WORKFLOW_OWNER", "a b", "GITHUB_WORKFLOW_REPO", "c"),
                        "planner", null)));
        assertEquals("no GitHub token: set PASS_GITHUB_WORKFLOW_TOKEN (in the environment or .env) to a token "
                + "that may run workflows (actions: write) in o/r",
                message(() -> WorkflowDispatchSettings.resolve(Map.of("GITHUB_REPOSITORY", "o/r"), "planner", null)));
        assertEquals("PASS_GITHUB_TOKEN holds characters a token cannot have (spaces, line breaks or non-ASCII): "
                + "set it to the token alone",
                message(() -> WorkflowDispatchSettings.resolve(Map.of("PASS_GITHUB_TOKEN", "a\u00e9"), "planner", "o/r")));
        // The workflow file is still checked before the API URL.
        assertEquals("GITHUB_PLANNER_WORKFLOW_FILE 'x.txt' is not a workflow file name: set it like orun-planner.yml"
                + " (the file under .github/workflows/) or the workflow's numeric id",
                message(() -> WorkflowDispatchSettings.resolve(Map.of("GITHUB_TOKEN", "t0ken", "GITHUB_PLANNER_WORKFLOW_FILE", "x.txt",
                        "GITHUB_API_URL", "nope"), "planner", "o/r")));
        WorkflowDispatchSettings s = WorkflowDispatchSettings.resolve(Map.of("GITHUB_WORKFLOW_REPOSITORY", "o/r",
                "GITHUB_TOKEN", "t0ken"), "implementation", null);
        assertEquals("WorkflowDispatchSettings[o/r orun-implementation.yml@main, token from GITHUB_TOKEN]", s.toString());
        assertEquals("https://api.github.com", s.apiUrl());
    }
}
