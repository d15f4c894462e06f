package dev.orun.cli.support;

import dev.orun.schema.Json;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The options every command takes (--json, --verbose, --root, --lock-timeout), as a mixin, and where the command
 * prints. The services the options choose (the root, the lock timeout) are built by {@link Services}.
 */
public final class GlobalOptions {
    /** {@code --lock-timeout} when not given. */
    public static final String DEFAULT_LOCK_TIMEOUT = "30s";

    private final Output output;

    @Option(names = "--json", description = "Print one JSON document on stdout and nothing else.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = "--root", paramLabel = "DIR", description = "Use DIR as the repository root (default: nearest folder upward with orchestration/; or ORUN_ROOT).")
    Path root;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = DEFAULT_LOCK_TIMEOUT,
            description = "Wait at most this long for another process's lock on a run (default: ${DEFAULT-VALUE}).")
    String lockTimeout = DEFAULT_LOCK_TIMEOUT;

    public GlobalOptions(Output output) {
        this.output = output;
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    public Path root() {
        return root;
    }

    /** The --lock-timeout as given ({@link Services#lockTimeout} parses it when a lock is needed). */
    public String lockTimeoutText() {
        return lockTimeout;
    }

    public PrintWriter out() {
        return output.out();
    }

    public PrintWriter err() {
        return output.err();
    }

    /** Where the command's talk goes: stdout, or stderr with --json (stdout is then one document). */
    public PrintWriter talk() {
        return json ? output.err() : output.out();
    }

    /** Prints {@code value} as the command's one JSON document. */
    public void printJson(Object value) {
        out().print(Json.pretty(value));
        out().flush();
    }
}
