package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.http.Sleeper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test harness: runs orun through {@code CommandLine.execute} in a folder, with its own environment,
 * and returns exit code, stdout and stderr (all three in every failure message).
 */
public final class OrunCli {
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private String stdin = "";
    private boolean terminal = false;
    private Sleeper sleeper = Sleeper.REAL;

    public OrunCli(Path dir) {
        this.dir = dir;
    }

    /** A temp folder made into a git repository with orun initialised in it. */
    public static OrunCli initialisedRepo(Path dir) {
        git(dir, "init", "-q");
        OrunCli cli = new OrunCli(dir);
        cli.run("init").assertExit(0);
        return cli;
    }

    /**
     * Writes run {@code runId}'s lease as a driver that has since died left it (the pid of a process that exited, on this
     * host), driving {@code gate}'s {@code attempt} (both may be null): the next read persists the run INTERRUPTED.
     */
    public static void leaseOfDeadDriver(Path repo, String runId, String gate, Integer attempt) throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        if (!gone.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("'true' did not exit");
        }
        Path lease = repo.resolve("orchestration/runs").resolve(runId).resolve("logs/lease.json");
        Files.createDirectories(lease.getParent());
        Files.write(lease, dev.orun.schema.Json.prettyBytes(new dev.orun.store.RunLease(gone.pid(), dev.orun.store.RunLease.currentHost(),
                null, "2026-01-01T00:00:00.000Z", "orun run hello", gate, attempt, null, null)));
    }

    /** Copies the folder {@code from} (e.g. a compat fixture) into {@code to}, which may exist. */
    public static void copyTree(Path from, Path to) {
        copyTree(from, to, rel -> true);
    }

    /** As {@link #copyTree(Path, Path)}, only the paths (relative to {@code from}) that {@code keep} takes. */
    public static void copyTree(Path from, Path to, java.util.function.Predicate<Path> keep) {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path rel = from.relativize(p);
                if (!rel.toString().isEmpty() && !keep.test(rel)) {
                    continue;
                }
                Path t = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public OrunCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public OrunCli clock(Clock c) {
        this.clock = c;
        return this;
    }

    /** Waits for retries and rate limits go to this sleeper (tests record them instead of sleeping). */
    public OrunCli sleeper(Sleeper s) {
        this.sleeper = s;
        return this;
    }

    public OrunCli stdin(String text, boolean isTerminal) {
        this.stdin = text;
        this.terminal = isTerminal;
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(dir, env, clock, new ByteArrayInputStream(stdin.getBytes()), terminal, sleeper);
        int code = Main.run(ctx, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(String.join(" ", args), code, out.toString(), err.toString());
    }

    /** Runs a command in {@code dir} and fails when it does not exit 0. */
    public static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return exec(dir, cmd);
    }

    public static String exec(Path dir, String... cmd) {
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What a command did. */
    public record Result(String command, int exit, String out, String err) {
        public Result assertExit(int expected) {
            if (exit != expected) {
                throw new AssertionError("'orun " + command + "' exited " + exit + ", expected " + expected + describe());
            }
            return this;
        }

        public String describe() {
            return "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }

        /** The last line of stdout, trimmed (e.g. the id that 'run start' prints). */
        public String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }
}
