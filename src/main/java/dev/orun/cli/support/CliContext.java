package dev.orun.cli.support;

import dev.orun.http.Sleeper;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may know of the world it runs in. Tests pass their own (a temp folder, an environment
 * map, a fixed clock, a sleeper that records waits instead of sleeping); {@code main} passes the real one.
 */
public record CliContext(Path cwd, Map<String, String> env, Clock clock, InputStream in, boolean terminal, Sleeper sleeper) {
    public CliContext {
        cwd = cwd.toAbsolutePath().normalize();
        env = Map.copyOf(env);
        sleeper = sleeper == null ? Sleeper.REAL : sleeper;
    }

    public CliContext(Path cwd, Map<String, String> env, Clock clock, InputStream in, boolean terminal) {
        this(cwd, env, clock, in, terminal, Sleeper.REAL);
    }

    public static CliContext system() {
        return new CliContext(Path.of("").toAbsolutePath(), System.getenv(), Clock.systemUTC(), System.in,
                System.console() != null);
    }

    public String env(String name) {
        return env.get(name);
    }

    /** CI=true or no terminal: never wait for a person. */
    public boolean ci() {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
    }
}
