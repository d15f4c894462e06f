package dev.orun.github;

import dev.orun.error.OrunException;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where {@code orun dispatch} sends a workflow_dispatch, with the seed's variables: the repository from
 * GITHUB_WORKFLOW_REPOSITORY, else GITHUB_WORKFLOW_OWNER + GITHUB_WORKFLOW_REPO, else GITHUB_REPOSITORY; the token
 * from PASS_GITHUB_WORKFLOW_TOKEN, then GITHUB_WORKFLOW_TOKEN, PASS_GITHUB_TOKEN, GITHUB_TOKEN; the ref from
 * GITHUB_WORKFLOW_REF (default main); the workflow file per kind. {@link #toString()} never shows the token.
 */
public final class WorkflowDispatchSettings {
    public static final List<String> TOKEN_VARIABLES = List.of("PASS_GITHUB_WORKFLOW_TOKEN", "GITHUB_WORKFLOW_TOKEN",
            "PASS_GITHUB_TOKEN", "GITHUB_TOKEN");
    /** The workflow kinds and, for each, the variable naming its file and the file {@code orun init --github-actions} writes. */
    public static final Map<String, String[]> KINDS = Map.of(
            "planner", new String[]{"GITHUB_PLANNER_WORKFLOW_FILE", "orun-planner.yml"},
            "implementation", new String[]{"GITHUB_IMPLEMENTATION_WORKFLOW_FILE", "orun-implementation.yml"});
    private static final GitHubAccess.Variables VARIABLES = new GitHubAccess.Variables("GITHUB_WORKFLOW_REPOSITORY",
            "GITHUB_WORKFLOW_OWNER", "GITHUB_WORKFLOW_REPO", TOKEN_VARIABLES,
            "no repository to dispatch in: set GITHUB_WORKFLOW_REPOSITORY=OWNER/REPO (or GITHUB_WORKFLOW_OWNER and "
                    + "GITHUB_WORKFLOW_REPO), in the environment or .env, or pass --repo",
            "run workflows (actions: write)", "set it to the token alone");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_.-]+\\.ya?ml|[0-9]+");

    private final String repository;
    private final String repositoryVariable;
    private final String token;
    private final String tokenVariable;
    private final String ref;
    private final String file;
    private final String fileVariable;
    private final String apiUrl;

    private WorkflowDispatchSettings(String repository, String repositoryVariable, String token, String tokenVariable, String ref,
                                     String file, String fileVariable, String apiUrl) {
        this.repository = repository;
        this.repositoryVariable = repositoryVariable;
        this.token = token;
        this.tokenVariable = tokenVariable;
        this.ref = ref;
        this.file = file;
        this.fileVariable = fileVariable;
        this.apiUrl = apiUrl;
    }

    public static WorkflowDispatchSettings resolve(Map<String, String> env, String kind, String repoOption) {
        String[] k = KINDS.get(kind);
        if (k == null) {
            throw OrunException.usage("'" + kind + "' is not a workflow to dispatch: use planner or implementation");
        }
        GitHubAccess access = GitHubAccess.resolve(env, repoOption, VARIABLES);
        String ref = GitHubAccess.present(env.get("GITHUB_WORKFLOW_REF")) ? env.get("GITHUB_WORKFLOW_REF").strip() : "main";
        String file = GitHubAccess.present(env.get(k[0])) ? env.get(k[0]).strip() : k[1];
        if (!FILE.matcher(file).matches()) {
            throw OrunException.usage(k[0] + " '" + file + "' is not a workflow file name: set it like " + k[1]
                    + " (the file under .github/workflows/) or the workflow's numeric id");
        }
        String api = GitHubAccess.apiUrl(env);
        return new WorkflowDispatchSettings(access.repository(), access.repositorySource(), access.token(),
                access.tokenVariable(), ref, file, k[0], api);
    }

    public String repository() {
        return repository;
    }

    public String repositoryVariable() {
        return repositoryVariable;
    }

    String token() {
        return token;
    }

    public String tokenVariable() {
        return tokenVariable;
    }

    public String ref() {
        return ref;
    }

    public String file() {
        return file;
    }

    public String fileVariable() {
        return fileVariable;
    }

    public String apiUrl() {
        return apiUrl;
    }

    @Override
    public String toString() {
        return "WorkflowDispatchSettings[" + repository + " " + file + "@" + ref + ", token from " + tokenVariable + "]";
    }
}
