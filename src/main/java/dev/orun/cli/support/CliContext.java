package dev.orun.cli.support;

import dev.orun.http.Sleeper;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may know of the world it runs in. Tests pass their own (a temp folder, an environment
 * map, a fixed clock, a sleeper that records waits instead of sleeping); {@code main} passes the real one.
 * {@code terminal}: a person can answer on stdin; {@code errTerminal}: stderr is a terminal (progress bars).
 */
public record CliContext(Path cwd, Map<String, String> env, Clock clock, InputStream in, boolean terminal, Sleeper sleeper,
                         boolean errTerminal) {
    public CliContext {
        cwd = cwd.toAbsolutePath().normalize();
        env = Map.copyOf(env);
        sleeper = sleeper == null ? Sleeper.REAL : sleeper;
    }

    public CliContext(Path cwd, Map<String, String> env, Clock clock, InputStream in, boolean terminal, Sleeper sleeper) {
        this(cwd, env, clock, in, terminal, sleeper, terminal);
    }

    public CliContext(Path cwd, Map<String, String> env, Clock clock, InputStream in, boolean terminal) {
        this(cwd, env, clock, in, terminal, Sleeper.REAL);
    }

    /**
     * The real world. The launcher tells which of stdin and stderr are terminals ({@code -Dorun.tty.in},
     * {@code -Dorun.tty.err}, from {@code test -t}); Java alone only knows whether stdin and stdout both are.
     */
    public static CliContext system() {
        return new CliContext(Path.of("").toAbsolutePath(), System.getenv(), Clock.systemUTC(), System.in,
                flag("orun.tty.in"), Sleeper.REAL, flag("orun.tty.err"));
    }

    /** The launcher's answer; without one (java -jar), whether stdin and stdout are both terminals. */
    private static boolean flag(String property) {
        String v = System.getProperty(property);
        return v == null ? System.console() != null : Boolean.parseBoolean(v);
    }

    public String env(String name) {
        return env.get(name);
    }

    /** CI=true or no terminal: never wait for a person. */
    public boolean ci() {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
    }
}
