package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.gate.GateContract;
import dev.orun.gate.PathVariables;
import dev.orun.run.ValidationResult;
import dev.orun.store.AppendLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A contract's {@code pre_scripts}, run before its validations at every gate finish, as the seed's run-manager.js
 * does: in order, cwd the repository root, variables substituted in the arguments, 30 s each. The interpreter comes
 * from the extension ({@code .mjs .cjs .js} node, {@code .sh} bash, {@code .py} python3). Output goes to a log
 * folder (the run's {@code logs/}), never to the record. A script that fails, hangs (its process group is killed at
 * the timeout) or cannot start is a warning, never a failure: the contract's validations judge what it left.
 * Needs no run: the fixture runner calls {@link #run} with a scratch log folder.
 */
public final class PreScripts {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    public static final String TYPE = "pre_script";

    private final Path root;
    private final Map<String, String> env;
    private final Duration timeout;

    public PreScripts(Path root, Map<String, String> env, Duration timeout) {
        this.root = root.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    public enum Status { OK, FAILED, TIMED_OUT, NOT_STARTED }

    /**
     * What one script did. {@code command} is the argv run (repository-relative script path); {@code log} the
     * repository-relative log file (null when none could be written); {@code warning} null when it succeeded.
     */
    public record Outcome(String path, List<String> command, Status status, Integer exitCode, long durationMs, String log,
                          String warning) {
        public boolean ok() {
            return status == Status.OK;
        }

        /** As the attempt records it: a warning result, so a failing script never fails the gate. */
        public ValidationResult result() {
            String message = ok() ? "exit 0 in " + durationMs + " ms" + (log == null ? "" : " (output: " + log + ")") : warning;
            return new ValidationResult(TYPE, path, ok(), "warning", message);
        }
    }

    /** The interpreter for a script, by its extension; null when orun knows none. */
    public static String interpreter(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        if (p.endsWith(".mjs") || p.endsWith(".cjs") || p.endsWith(".js")) {
            return "node";
        }
        if (p.endsWith(".sh")) {
            return "bash";
        }
        if (p.endsWith(".py")) {
            return "python3";
        }
        return null;
    }

    /**
     * Runs every pre-script of {@code contract} with {@code vars} in its arguments; logs go to {@code logDir}
     * (created when needed). An unknown variable in an argument is a contract error (exit 4), as in a path.
     */
    public List<Outcome> run(GateContract contract, PathVariables vars, Path logDir) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < contract.preScripts().size(); i++) {
            GateContract.PreScript s = contract.preScripts().get(i);
            List<String> args = new ArrayList<>();
            for (int j = 0; j < s.args().size(); j++) {
                args.add(vars.expand(s.args().get(j), contract.source() + " " + s.pointer() + "/args/" + j));
            }
            String path = vars.expand(s.path(), contract.source() + " " + s.pointer() + "/path");
            out.add(runOne(i, path, args, logDir));
        }
        return out;
    }

    private Outcome runOne(int index, String path, List<String> args, Path logDir) {
        String interpreter = interpreter(path);
        List<String> command = new ArrayList<>();
        command.add(interpreter == null ? "?" : interpreter);
        command.add(path);
        command.addAll(args);
        String shown = String.join(" ", command);
        if (interpreter == null) {
            return new Outcome(path, command, Status.NOT_STARTED, null, 0, null, "pre-script " + path
                    + " not run: no interpreter for its extension (use .mjs, .cjs, .js, .sh or .py); validation went on");
        }
        Path script = root.resolve(path).normalize();
        if (!script.startsWith(root)) {
            throw OrunException.invalid("pre-script '" + path + "' escapes the repository: keep scripts inside it");
        }
        if (!Files.isRegularFile(script)) {
            return new Outcome(path, command, Status.NOT_STARTED, null, 0, null, "pre-script " + path
                    + " not run: the file does not exist; validation went on");
        }
        Path log = logDir.resolve("pre-script-" + (index + 1) + "-" + script.getFileName() + ".log");
        String logShown;
        ProcessBuilder.Redirect to;
        try {
            to = AppendLog.childOutput(log);
            logShown = relative(log);
        } catch (IOException e) {
            to = ProcessBuilder.Redirect.DISCARD;
            logShown = null;
        }
        List<String> argv = new ArrayList<>();
        boolean group = SETSID != null;
        if (group) {
            argv.add(SETSID); // its own process group, so a timeout kills what the script started too
            argv.add("-w");
        }
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(NULL_DEVICE)));
        pb.environment().putAll(env);
        pb.redirectOutput(to);
        String output = logShown == null ? "" : " (output: " + logShown + ")";
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome(path, command, Status.NOT_STARTED, null, 0, logShown, "pre-script '" + shown
                    + "' could not start: " + e.getMessage() + "; validation went on");
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p, group);
                long ms = (System.nanoTime() - start) / 1_000_000;
                return new Outcome(path, command, Status.TIMED_OUT, null, ms, logShown, "pre-script '" + shown
                        + "' still running after " + timeout.toSeconds() + " s: killed" + output + "; validation went on");
            }
        } catch (InterruptedException e) {
            kill(p, group);
            Thread.currentThread().interrupt();
            return new Outcome(path, command, Status.FAILED, null, 0, logShown, "pre-script '" + shown + "' interrupted");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        int exit = p.exitValue();
        if (exit == 0) {
            return new Outcome(path, command, Status.OK, 0, ms, logShown, null);
        }
        return new Outcome(path, command, Status.FAILED, exit, ms, logShown, "pre-script '" + shown + "' exited " + exit
                + output + "; validation went on");
    }

    /** Kills the script's process group (or, without setsid, its process tree as seen now). */
    private static void kill(Process p, boolean group) {
        List<ProcessHandle> tree = p.descendants().toList();
        if (group) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // fall back to the tree below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }

    private static final String NULL_DEVICE = System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    private static final String SETSID = findSetsid();

    private static String findSetsid() {
        for (String c : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }
}
