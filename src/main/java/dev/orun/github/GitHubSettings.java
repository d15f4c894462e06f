package dev.orun.github;

import dev.orun.error.OrunException;
import dev.orun.http.Secrets;
import dev.orun.run.Durations;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where issues go and with which token, from the environment (and {@code .env}) as the seed names them.
 * The token is kept for the client only: {@link #toString()} never shows it.
 */
public final class GitHubSettings {
    public static final String DEFAULT_API_URL = "https://api.github.com";
    /** The variables a token is read from, in order; the first is the one orun asks users to set. */
    public static final List<String> TOKEN_VARIABLES = List.of("PASS_GITHUB_ISSUES_TOKEN", "GITHUB_ISSUES_TOKEN", "GITHUB_TOKEN");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    // A token goes into a header: printable ASCII without spaces. Checked here so no library ever echoes it.
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

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
        String repo;
        String source;
        if (present(repoOption)) {
            repo = repoOption.strip();
            source = "--repo";
        } else if (present(env.get("GITHUB_ISSUES_REPOSITORY"))) {
            repo = env.get("GITHUB_ISSUES_REPOSITORY").strip();
            source = "GITHUB_ISSUES_REPOSITORY";
        } else if (present(env.get("GITHUB_ISSUES_OWNER")) && present(env.get("GITHUB_ISSUES_REPO"))) {
            repo = env.get("GITHUB_ISSUES_OWNER").strip() + "/" + env.get("GITHUB_ISSUES_REPO").strip();
            source = "GITHUB_ISSUES_OWNER/GITHUB_ISSUES_REPO";
        } else if (present(env.get("GITHUB_REPOSITORY"))) {
            repo = env.get("GITHUB_REPOSITORY").strip();
            source = "GITHUB_REPOSITORY";
        } else {
            throw OrunException.usage("no repository to sync issues to: pass --repo OWNER/REPO or set GITHUB_ISSUES_REPOSITORY "
                    + "(in the environment or .env)");
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
            throw OrunException.usage("no GitHub token: set PASS_GITHUB_ISSUES_TOKEN (in the environment or .env) to a token "
                    + "that may write issues and labels in " + repo);
        }
        if (!TOKEN.matcher(token).matches()) {
            throw OrunException.usage(tokenVar + " holds characters a token cannot have (spaces, line breaks or non-ASCII): "
                    + "set PASS_GITHUB_ISSUES_TOKEN to the token alone");
        }
        String api = present(env.get("GITHUB_API_URL")) ? env.get("GITHUB_API_URL").strip() : DEFAULT_API_URL;
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
        Duration timeout = present(env.get("GITHUB_TIMEOUT_MS"))
                ? Duration.ofMillis(parseLong(env.get("GITHUB_TIMEOUT_MS"), "GITHUB_TIMEOUT_MS"))
                : Duration.ofSeconds(30);
        Duration maxWait = present(env.get("GITHUB_RATE_LIMIT_MAX_WAIT"))
                ? Durations.parse(env.get("GITHUB_RATE_LIMIT_MAX_WAIT").strip(), "GITHUB_RATE_LIMIT_MAX_WAIT")
                : Duration.ofMinutes(15);
        return new GitHubSettings(repo, source, token, tokenVar, api.replaceAll("/+$", ""), timeout, maxWait);
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

    private static boolean present(String s) {
        return s != null && !s.isBlank();
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
