package dev.orun.github;

import dev.orun.error.OrunException;
import dev.orun.http.Secrets;
import dev.orun.run.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where issues go and with which token, from the environment (and {@code .env}) as the seed names them.
 * The token is kept for the client only: {@link #toString()} never shows it.
 */
public final class GitHubSettings {
    public static final String DEFAULT_API_URL = GitHubAccess.DEFAULT_API_URL;
    /** The variables a token is read from, in order; the first is the one orun asks users to set. */
    public static final List<String> TOKEN_VARIABLES = List.of("PASS_GITHUB_ISSUES_TOKEN", "GITHUB_ISSUES_TOKEN", "GITHUB_TOKEN");
    private static final GitHubAccess.Variables VARIABLES = new GitHubAccess.Variables("GITHUB_ISSUES_REPOSITORY",
            "GITHUB_ISSUES_OWNER", "GITHUB_ISSUES_REPO", TOKEN_VARIABLES,
            "no repository to sync issues to: pass --repo OWNER/REPO or set GITHUB_ISSUES_REPOSITORY (in the environment or .env)",
            "write issues and labels", "set PASS_GITHUB_ISSUES_TOKEN to the token alone");

    private final String repository;
    private final String repositorySource;
    private final String token;
    private final String tokenVariable;
    private final String apiUrl;
    private final Duration timeout;
    private final Duration maxRateLimitWait;

    private GitHubSettings(String repository, String repositorySource, String token, String tokenVariable, String apiUrl,
                           Duration timeout, Duration maxRateLimitWait) {
        this.repository = repository;
        this.repositorySource = repositorySource;
        this.token = token;
        this.tokenVariable = tokenVariable;
        this.apiUrl = apiUrl;
        this.timeout = timeout;
        this.maxRateLimitWait = maxRateLimitWait;
    }

    /**
     * Resolves the settings. {@code repoOption} (from {@code --repo}) wins over GITHUB_ISSUES_REPOSITORY, then
     * GITHUB_ISSUES_OWNER + GITHUB_ISSUES_REPO, then GITHUB_REPOSITORY; the token is PASS_GITHUB_ISSUES_TOKEN,
     * then GITHUB_ISSUES_TOKEN, then GITHUB_TOKEN.
     */
    public static GitHubSettings resolve(Map<String, String> env, String repoOption) {
        GitHubAccess access = GitHubAccess.resolve(env, repoOption, VARIABLES);
        String api = GitHubAccess.apiUrl(env);
        Duration timeout = GitHubAccess.present(env.get("GITHUB_TIMEOUT_MS"))
                ? Duration.ofMillis(parseLong(env.get("GITHUB_TIMEOUT_MS"), "GITHUB_TIMEOUT_MS"))
                : Duration.ofSeconds(30);
        Duration maxWait = GitHubAccess.present(env.get("GITHUB_RATE_LIMIT_MAX_WAIT"))
                ? Durations.parse(env.get("GITHUB_RATE_LIMIT_MAX_WAIT").strip(), "GITHUB_RATE_LIMIT_MAX_WAIT")
                : Duration.ofMinutes(15);
        return new GitHubSettings(access.repository(), access.repositorySource(), access.token(), access.tokenVariable(), api,
                timeout, maxWait);
    }

    public String repository() {
        return repository;
    }

    public String repositorySource() {
        return repositorySource;
    }

    /** The token, for the Authorization header only. */
    String token() {
        return token;
    }

    public String tokenVariable() {
        return tokenVariable;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration maxRateLimitWait() {
        return maxRateLimitWait;
    }

    /** Replaces the token wherever it appears in a text that may be shown or recorded. */
    public String redact(String text) {
        return new Secrets(List.of(token)).scrub(text);
    }

    @Override
    public String toString() {
        return "GitHubSettings[repository=" + repository + ", token from " + tokenVariable + ", api=" + apiUrl + "]";
    }

    private static long parseLong(String s, String name) {
        try {
            long v = Long.parseLong(s.strip());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw OrunException.usage(name + " '" + s + "' is not a positive number of milliseconds: set it like 30000");
        }
    }
}
