package dev.orun.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How orun starts agents and check commands: with an environment that carries only an allow-list and what the
 * contract or workflow names (so no secret unless it is asked for), in a process group of their own, so that a
 * timeout ends the whole group and not only the child.
 */
public final class ChildProcesses {
    /** What every check command gets: enough to find programs and run them in the user's locale. */
    public static final Set<String> BASE = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM",
            "TZ", "TMPDIR", "TMP", "TEMP", "PWD", "CI", "NO_COLOR", "JAVA_HOME", "SYSTEMROOT", "COMSPEC", "PATHEXT");
    /** Names (comma or space separated) of variables to pass on anyway, secrets included. */
    public static final String PASS_VARIABLE = "ORUN_PASS_ENV";
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {
    }

    /**
     * The environment of a {@code command} validation or an agent: the {@link #BASE} allow-list, {@code LC_*},
     * {@code XDG_*}, {@code ORUN_*}, the variables that the contract or workflow names ({@code named}: a command
     * validation's {@code env}, a gate's {@code env}) and those named in {@value #PASS_VARIABLE}. Nothing else, so
     * a secret reaches a child only where someone wrote its name down. A named variable is taken from {@code env}
     * (the environment, over the repository's {@code .env}); one that is not set is simply not passed.
     */
    public static Map<String, String> childEnvironment(Map<String, String> env, Collection<String> named) {
        Set<String> pass = passed(env);
        pass.addAll(named);
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> {
            String upper = k.toUpperCase(Locale.ROOT);
            if (BASE.contains(upper) || upper.startsWith("LC_") || upper.startsWith("XDG_") || upper.startsWith("ORUN_")
                    || pass.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@link #childEnvironment} with nothing named: what a check command without {@code env} gets. */
    public static Map<String, String> checkEnvironment(Map<String, String> env) {
        return childEnvironment(env, List.of());
    }

    private static Set<String> passed(Map<String, String> env) {
        String v = env.getOrDefault(PASS_VARIABLE, "");
        Set<String> out = new java.util.HashSet<>();
        for (String name : v.split("[,\\s]+")) {
            if (!name.isBlank()) {
                out.add(name.strip());
            }
        }
        return out;
    }

    /** Sets the builder's environment to exactly {@code env}. */
    public static ProcessBuilder environment(ProcessBuilder pb, Map<String, String> env) {
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    /** The command, run as the leader of a new session and process group where {@code setsid} is there. */
    public static List<String> inOwnGroup(List<String> argv) {
        // A program that cannot be found is left to fail to start, as it would without setsid.
        // A command that starts its own session already (setsid …) is left alone: a second setsid would fork and exit.
        if (!Files.isExecutable(SETSID) || argv.isEmpty() || !findable(argv.get(0))
                || Path.of(argv.get(0)).getFileName().toString().equals("setsid")) {
            return argv;
        }
        List<String> out = new ArrayList<>();
        out.add(SETSID.toString());
        out.addAll(argv);
        return out;
    }

    private static boolean findable(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the process's group (TERM, then KILL after {@code grace}), its descendants and the process: a grandchild
     * that was re-parented away from the tree is still in the group. Returns how many descendants there were.
     */
    public static int killGroup(Process p, Duration grace) {
        List<ProcessHandle> tree = p.descendants().toList();
        signalGroup(p.pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && (p.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive))) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        signalGroup(p.pid(), "KILL");
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (p.isAlive()) {
            p.destroyForcibly();
        }
        return tree.size();
    }

    private static void signalGroup(long pgid, String signal) {
        if (!Files.isExecutable(SETSID)) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): the descendants are still ended one by one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
