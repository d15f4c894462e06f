package dev.orun.github;

import dev.orun.error.OrunException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The repository and token one command talks to GitHub with, read from the environment under that command's own
 * variable names, and the API URL they share. {@link #toString()} never shows the token.
 */
final class GitHubAccess {
    static final String DEFAULT_API_URL = "https://api.github.com";
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    // A token goes into a header: printable ASCII without spaces. Checked here so no library ever echoes it.
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

    /**
     * One command's variables and the words its errors use: the repository comes from {@code repository}, else
     * {@code owner} + {@code repo}, else GITHUB_REPOSITORY; the token from the first of {@code tokens} that is set.
     *
     * @param noRepository the whole error when no repository is set
     * @param tokenUse     what the token must be allowed to do, as in "a token that may {tokenUse} in OWNER/REPO"
     * @param badTokenFix  the advice after a token with characters a token cannot have
     */
    record Variables(String repository, String owner, String repo, List<String> tokens, String noRepository,
                     String tokenUse, String badTokenFix) {
        Variables {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(repo, "repo");
            tokens = List.copyOf(tokens);
            Objects.requireNonNull(noRepository, "noRepository");
            Objects.requireNonNull(tokenUse, "tokenUse");
            Objects.requireNonNull(badTokenFix, "badTokenFix");
        }
    }

    private final String repository;
    private final String repositorySource;
    private final String token;
    private final String tokenVariable;

    private GitHubAccess(String repository, String repositorySource, String token, String tokenVariable) {
        this.repository = repository;
        this.repositorySource = repositorySource;
        this.token = token;
        this.tokenVariable = tokenVariable;
    }

    /** Resolves {@code v} in {@code env}; {@code repoOption} (from {@code --repo}) wins over every variable. */
    static GitHubAccess resolve(Map<String, String> env, String repoOption, Variables v) {
        String repo;
        String source;
        if (present(repoOption)) {
            repo = repoOption.strip();
            source = "--repo";
        } else if (present(env.get(v.repository()))) {
            repo = env.get(v.repository()).strip();
            source = v.repository();
        } else if (present(env.get(v.owner())) && present(env.get(v.repo()))) {
            repo = env.get(v.owner()).strip() + "/" + env.get(v.repo()).strip();
            source = v.owner() + "/" + v.repo();
        } else if (present(env.get("GITHUB_REPOSITORY"))) {
            repo = env.get("GITHUB_REPOSITORY").strip();
            source = "GITHUB_REPOSITORY";
        } else {
            throw OrunException.usage(v.noRepository());
        }
        if (!REPO.matcher(repo).matches()) {
            throw OrunException.usage(source + " '" + repo + "' is not OWNER/REPO: set it like octocat/hello-world");
        }
        String token = null;
        String tokenVar = null;
        for (String name : v.tokens()) {
            if (present(env.get(name))) {
                token = env.get(name).strip();
                tokenVar = name;
                break;
            }
        }
        if (token == null) {
            throw OrunException.usage("no GitHub token: set " + v.tokens().get(0) + " (in the environment or .env) to a token "
                    + "that may " + v.tokenUse() + " in " + repo);
        }
        if (!TOKEN.matcher(token).matches()) {
            throw OrunException.usage(tokenVar + " holds characters a token cannot have (spaces, line breaks or non-ASCII): "
                    + v.badTokenFix());
        }
        return new GitHubAccess(repo, source, token, tokenVar);
    }

    /** GITHUB_API_URL without trailing slashes, else {@link #DEFAULT_API_URL}; anything but an http(s) URL is a usage error. */
    static String apiUrl(Map<String, String> env) {
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
        return api.replaceAll("/+$", "");
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    String repository() {
        return repository;
    }

    /** {@code --repo} or the variable (or owner/repo pair) the repository came from. */
    String repositorySource() {
        return repositorySource;
    }

    /** The token, for the Authorization header only. */
    String token() {
        return token;
    }

    String tokenVariable() {
        return tokenVariable;
    }

    @Override
    public String toString() {
        return "GitHubAccess[repository=" + repository + ", token from " + tokenVariable + "]";
    }
}
