package dev.orun.error;

/** The one exception that carries an exit code; the CLI's handler turns it into one line on stderr. */
public class OrunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Exit exit;

    public OrunException(Exit exit, String message) {
        super(message);
        this.exit = exit;
    }

    public OrunException(Exit exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = exit;
    }

    public Exit exit() {
        return exit;
    }

    public static OrunException notFound(String message) {
        return new OrunException(Exit.NOT_FOUND, message);
    }

    public static OrunException invalid(String message) {
        return new OrunException(Exit.INVALID, message);
    }

    public static OrunException usage(String message) {
        return new OrunException(Exit.USAGE, message);
    }

    public static OrunException failed(String message) {
        return new OrunException(Exit.FAILED, message);
    }
}
