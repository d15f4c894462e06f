package dev.orun.cli.support;

import java.util.List;

/**
 * The environment variables a user sets for orun: the one list the man page's ENVIRONMENT section is generated
 * from and the table in docs/cli.md is checked against ({@code EnvironmentDocsTest}, which also fails when orun
 * reads an {@code ORUN_} variable this list does not name). API keys and other secrets in the environment or in
 * {@code .env} are masked in everything orun prints.
 */
public final class EnvironmentVariables {
    /** One variable: its name and what it does, in a line. */
    public record Variable(String name, String meaning) {
    }

    public static final List<Variable> ALL = List.of(
            new Variable("ORUN_ROOT", "The repository root, as --root (else an orchestration/ folder upward, else the git top level)."),
            new Variable("ORUN_RUNS_DIR", "The runs folder, relative to the root (default orchestration/runs); outside the repository is refused."),
            new Variable("CI", "true: never wait for a person; a gate that needs one pauses (exit 10)."),
            new Variable("GITHUB_ACTIONS", "true: write annotations and the job summary (GITHUB_STEP_SUMMARY)."),
            new Variable("ORUN_OFFLINE", "1: skip the network checks of gate contracts (each says so in a warning)."),
            new Variable("ORUN_URL_TIMEOUT", "How long a url_reachable check waits (a duration, e.g. 10s)."),
            new Variable("ORUN_PASS_ENV", "Names of secret variables an agent command may see (e.g. ANTHROPIC_API_KEY)."),
            new Variable("ANTHROPIC_API_KEY", "The key of the anthropic provider (plan, model agents)."),
            new Variable("ANTHROPIC_MODEL", "The anthropic model (default claude-sonnet-4-6; --model overrides)."),
            new Variable("ANTHROPIC_BASE_URL", "The Anthropic API base URL (default https://api.anthropic.com/v1)."),
            new Variable("OPENAI_API_KEY", "The key of the openai provider (plan), sent as a bearer token when set."),
            new Variable("OPENAI_MODEL", "The model of the openai provider (required for it, or --model)."),
            new Variable("OPENAI_BASE_URL", "An OpenAI-compatible API base URL (OpenAI, Ollama, vLLM, ...)."),
            new Variable("GITHUB_ISSUES_REPOSITORY", "OWNER/REPO for issues sync when --repo is not given (else GITHUB_REPOSITORY)."),
            new Variable("PASS_GITHUB_ISSUES_TOKEN", "The token issues sync uses (else GITHUB_ISSUES_TOKEN, else GITHUB_TOKEN)."),
            new Variable("GITHUB_TOKEN", "The last fallback token of issues sync and dispatch."),
            new Variable("GITHUB_REPOSITORY", "OWNER/REPO for issues sync when nothing more specific is set."),
            new Variable("GITHUB_API_URL", "The GitHub REST API (default https://api.github.com)."),
            new Variable("GITHUB_WORKFLOW_REPOSITORY", "OWNER/REPO whose workflows orun dispatch starts."),
            new Variable("PASS_GITHUB_WORKFLOW_TOKEN", "The token orun dispatch uses (else GITHUB_WORKFLOW_TOKEN)."),
            new Variable("ORUN_API_URL", "The orun serve URL that orun dispatch talks to."),
            new Variable("ORUN_API_TOKEN", "The token orun serve asks for on writes (PASS_API_TOKEN also works)."),
            new Variable("ORUN_JAVA", "The java executable the launcher runs (else JAVA_HOME's, else java on the PATH)."),
            new Variable("ORUN_CDS", "0: the launcher makes and uses no start-up caches (CDS archives; AOT caches on Java 25+)."),
            new Variable("ORUN_JAVA_OPTS", "Extra options the launcher passes to java."),
            new Variable("ORUN_TRACE_LOCK", "A file name: each release of a run's lock appends its hold time to logs/FILE (diagnostic)."));

    private EnvironmentVariables() {
    }

    /** The Markdown table docs/cli.md holds. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("| variable | meaning |\n|---|---|\n");
        for (Variable v : ALL) {
            sb.append("| `").append(v.name()).append("` | ").append(v.meaning()).append(" |\n");
        }
        return sb.toString();
    }
}
