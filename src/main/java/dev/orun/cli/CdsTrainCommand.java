package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.run.RunIds;
import dev.orun.store.AtomicFiles;
import dev.orun.store.PlainFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hidden: the launcher runs this with {@code -XX:DumpLoadedClassList} to learn which classes everyday commands
 * load, and dumps them into a class-data-sharing archive, so later starts map them instead of loading them. It
 * builds every command's model and help, then runs the everyday commands for real in a scratch repository under
 * the temp folder (init, run start, gate start, invocation record, gate finish twice (hashing, then the hash cache),
 * gate fail, run complete (and its error), run show, run list, run verify), and deletes it; the writes and reads go
 * through {@link Main#run}, so by the fast path, whose classes the archive then holds. It touches no file of the user's.
 * <p>With {@code --keep} it leaves the scratch repository and prints its path: the launcher then runs
 * {@link #READ} on it in a fresh JVM, whose class list makes the smaller archive of the fast read-only commands
 * ({@code --version}, {@code run show}, {@code run list}), which map it in a fraction of the time.
 */
@Command(name = "__cds-train", hidden = true)
public final class CdsTrainCommand implements Runnable {
    /** The argument {@link Main#main} takes, before any picocli, to run the read-only commands on a kept repository. */
    static final String READ = "__cds-train-read";
    private static final String SCRATCH_PREFIX = "orun-cds-train-";

    @picocli.CommandLine.Option(names = "--keep", description = "Keep the scratch repository and print its path.")
    boolean keep;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(sink);
        // Every command's model and help.
        CommandLine all = spec.root().commandLine(); // Main built the whole tree for this command
        for (CommandLine sub : all.getSubcommands().values()) {
            sub.usage(out);
            sub.getSubcommands().values().forEach(s -> s.usage(out));
        }
        out.flush();
        List<String> problems = new ArrayList<>();
        Path kept = train(keep, problems);
        if (kept != null) {
            spec.commandLine().getOut().println(kept);
        }
    }

    /**
     * The fast read-only commands, through {@link Main#run} as users type them, on a repository {@code --keep}
     * left (which it then deletes): {@link Main#main} calls this without building any picocli model, so that the
     * class list holds only what those commands load.
     */
    static int trainRead(Path repo, PrintWriter err) {
        // It deletes the folder it is given: only ever a scratch repository --keep made in the temp folder.
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Path dir = repo.toAbsolutePath().normalize();
        if (!dir.startsWith(tmp) || dir.equals(tmp) || !dir.getFileName().toString().startsWith(SCRATCH_PREFIX)
                || !Files.isDirectory(dir.resolve("orchestration"))) {
            err.println("orun: " + READ + " takes a scratch repository made by '__cds-train --keep', not " + repo);
            err.flush();
            return 2;
        }
        List<String> problems = new ArrayList<>();
        try {
            CliContext ctx = scratchContext(repo);
            String listed = orun(ctx, problems, 0, "run", "list");
            String id = listed.lines().skip(1).findFirst().orElse("").split(" ")[0];
            orun(ctx, problems, 0, "--version");
            orun(ctx, problems, 0, "run", "show", id);
            orun(ctx, problems, 0, "run", "show", RunIds.suffix(id).substring(0, 4));
            orun(ctx, problems, 0, "run", "list", "--status", "FAILED", "--workflow", "hello", "--grep", "train",
                    "--since", "7d", "--limit", "5");
        } catch (RuntimeException e) {
            problems.add(e.toString());
        } finally {
            PlainFiles.deleteTreeQuietly(repo);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * Runs the everyday commands in a scratch repository that it deletes after; returns what did not go as
     * expected (nothing, normally: a command that fails early would leave its classes out of the archive).
     */
    static List<String> train() {
        List<String> problems = new ArrayList<>();
        train(false, problems);
        return problems;
    }

    /** Runs the training; returns the scratch repository when {@code keep}, else deletes it and returns null. */
    private static Path train(boolean keep, List<String> problems) {
        Path scratch = null;
        try {
            scratch = PlainFiles.scratchFolder(SCRATCH_PREFIX);
            everydayCommands(scratch, problems);
        } catch (IOException | RuntimeException e) {
            problems.add(e.toString());
        } finally {
            if (scratch != null && !(keep && problems.isEmpty())) {
                PlainFiles.deleteTreeQuietly(scratch);
                scratch = null;
            }
        }
        return scratch;
    }

    private static void everydayCommands(Path repo, List<String> problems) throws IOException {
        CliContext ctx = scratchContext(repo);
        orun(ctx, problems, 0, "init");
        // The writes as the seed's users and bench/vs-seed.sh call them: through Main.run, so by the fast path.
        String id = orun(ctx, problems, 0, "run", "start", "--workflow", "hello", "--slug", "train", "--artifact-path", "out/train",
                "--depth", "standard", "--var", "k=v").strip();
        id = id.substring(id.lastIndexOf('\n') + 1);
        orun(ctx, problems, 0, "gate", "start", "--run", id, "--gate", "G1", "--agent", "trainer");
        orun(ctx, problems, 0, "invocation", "record", "--run", id, "--gate", "G1", "--agent", "trainer", "--status", "SUCCESS",
                "--model", "m", "--provider", "p", "--tokens-prompt", "10", "--tokens-completion", "2", "--cost-usd", "0.5",
                "--duration-ms", "20");
        Path greeting = repo.resolve("out/train/GREETING.md");
        AtomicFiles.write(greeting, "# Hello\n\nHello from the training run.\n".getBytes(StandardCharsets.UTF_8));
        // Old enough for the hash cache to keep it, so the second finish takes its hash from the cache.
        PlainFiles.setModified(greeting, Instant.now().minusSeconds(60));
        orun(ctx, problems, 0, "gate", "finish", "--run", id, "--gate", "G1");
        orun(ctx, problems, 0, "gate", "start", "--run", id, "--gate", "G1", "--force");
        orun(ctx, problems, 0, "gate", "finish", "--run", id, "--gate", "G1", "--offline");
        orun(ctx, problems, 0, "gate", "start", "--run", id, "--gate", "G2");
        orun(ctx, problems, 0, "gate", "fail", "--run", id, "--gate", "G2", "--reason", "training");
        // a run completed, and one completed again: the error's way out (the benchmark's run complete after a failed gate)
        String other = orun(ctx, problems, 0, "run", "start", "--workflow", "hello", "--slug", "train-done", "--artifact-path",
                "out/train-done").strip();
        orun(ctx, problems, 0, "run", "complete", "--run", other.substring(other.lastIndexOf('\n') + 1), "--status", "CANCELED");
        orun(ctx, problems, 1, "run", "complete", "--run", id, "--status", "CANCELED");
        orun(ctx, problems, 0, "run", "show", RunIds.suffix(id).substring(0, 4));
        orun(ctx, problems, 0, "run", "show", "--json", id);
        orun(ctx, problems, 0, "run", "list");
        orun(ctx, problems, 0, "run", "list", "--status", "FAILED", "--grep", "train", "--since", "7d");
        orun(ctx, problems, 0, "run", "verify", "--run", id);
        orun(ctx, problems, 0, "stats");
        orun(ctx, problems, 0, "stats", "--json", "--since", "7d");
        orun(ctx, problems, 3, "run", "show", "no-such-run");
    }

    /** The world a training command sees: the scratch repository, PATH only, no terminal, no input. */
    private static CliContext scratchContext(Path repo) {
        String path = System.getenv("PATH");
        return new CliContext(repo, path == null ? Map.of() : Map.of("PATH", path), Clock.systemUTC(),
                new ByteArrayInputStream(new byte[0]), false);
    }

    private static String orun(CliContext ctx, List<String> problems, int expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(ctx, new PrintWriter(out), new PrintWriter(err), args);
        if (code != expected) {
            problems.add("orun " + String.join(" ", args) + " exited " + code + ", not " + expected + ": " + err.toString().strip());
        }
        return out.toString();
    }
}
