package dev.orun.github;

import dev.orun.error.OrunException;

import java.net.URI;
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
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");
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
        String repo;
        String source;
        if (present(repoOption)) {
            repo = repoOption.strip();
            source = "--repo";
        } else if (present(env.get("GITHUB_WORKFLOW_REPOSITORY"))) {
            repo = env.get("GITHUB_WORKFLOW_REPOSITORY").strip();
            source = "GITHUB_WORKFLOW_REPOSITORY";
        } else if (present(env.get("GITHUB_WORKFLOW_OWNER")) && present(env.get("GITHUB_WORKFLOW_REPO"))) {
            repo = env.get("GITHUB_WORKFLOW_OWNER").strip() + "/" + env.get("GITHUB_WORKFLOW_REPO").strip();
            source = "GITHUB_WORKFLOW_OWNER/GITHUB_WORKFLOW_REPO";
        } else if (present(env.get("GITHUB_REPOSITORY"))) {
            repo = env.get("GITHUB_REPOSITORY").strip();
            source = "GITHUB_REPOSITORY";
        } else {
            throw OrunException.usage("no repository to dispatch in: set GITHUB_WORKFLOW_REPOSITORY=OWNER/REPO (or "
                    + "GITHUB_WORKFLOW_OWNER and GITHUB_WORKFLOW_REPO), in the environment or .env, or pass --repo");
        }
        if (!REPO.matcher(repo).matches()) {
            throw OrunException.usage(source + " '" + repo + "' is not OWNER/REPO: set it like octocat/hello-world");
        }
        String token = null;
        String tokenVar = null;
        for (String name : TOKEN_VARIABLES) {
            if (present(env.get(name))) {
                token = env.get(name).strip();
                tokenVar = name;
                break;
            }
        }
        if (token == null) {
            throw OrunException.usage("no GitHub token: set PASS_GITHUB_WORKFLOW_TOKEN (in the environment or .env) to a token "
                    + "that may run workflows (actions: write) in " + repo);
        }
        if (!TOKEN.matcher(token).matches()) {
            throw OrunException.usage(tokenVar + " holds characters a token cannot have (spaces, line breaks or non-ASCII): "
                    + "set it to the token alone");
        }
        String ref = present(env.get("GITHUB_WORKFLOW_REF")) ? env.get("GITHUB_WORKFLOW_REF").strip() : "main";
        String file = present(env.get(k[0])) ? env.get(k[0]).strip() : k[1];
        if (!FILE.matcher(file).matches()) {
            throw OrunException.usage(k[0] + " '" + file + "' is not a workflow file name: set it like " + k[1]
                    + " (the file under .github/workflows/) or the workflow's numeric id");
        }
        String api = present(env.get("GITHUB_API_URL")) ? env.get("GITHUB_API_URL").strip() : GitHubSettings.DEFAULT_API_URL;
        URI uri;
        try {
            uri = URI.create(api);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw OrunException.usage("GITHUB_API_URL '" + api + "' is not an http(s) URL: unset it for github.com, "
                    + "or set it like https://github.example.com/api/v3");
        }
        return new WorkflowDispatchSettings(repo, source, token, tokenVar, ref, file, k[0], api.replaceAll("/+$", ""));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
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
