package dev.orun.github;

/**
 * GitHub refused a request, or could not be reached, after the retries. {@code status} is 0 when no answer came.
 * The message never holds the token (the client redacts it).
 */
public final class GitHubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as a user's fix is concerned. */
    public enum Kind { AUTH, FORBIDDEN, NOT_FOUND, GONE, INVALID, RATE_LIMIT, SERVER, UNREACHABLE, OTHER }

    private final Kind kind;
    private final int status;
    private final String githubMessage;

    public GitHubException(Kind kind, int status, String message, String githubMessage) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.githubMessage = githubMessage;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** GitHub's own explanation (its {@code message} and {@code errors}), or the I/O error. */
    public String githubMessage() {
        return githubMessage;
    }
}
