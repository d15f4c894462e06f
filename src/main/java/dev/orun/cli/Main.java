package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.cli.support.ErrorHandler;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.OrunFactory;
import dev.orun.cli.support.Output;
import dev.orun.cli.support.Services;
import dev.orun.error.Exit;
import dev.orun.scrub.ScrubbingWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The one wiring point: {@link #run} builds the command line with its handlers; {@code main} only exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals(CdsTrainCommand.READ)) {
            System.exit(CdsTrainCommand.trainRead(java.nio.file.Path.of(args[1]), new PrintWriter(System.err, true)));
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        if (args.length >= 1 && args[0].equals(dev.orun.gate.ChildHasher.COMMAND)) { // gate finish's hashing JVM
            int code = dev.orun.gate.ChildHasher.child(args, out);
            out.flush();
            System.exit(code);
        }
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(CliContext.system(), out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(CliContext.system(), out, err, args);
    }

    private static java.util.Map<String, String> withDotEnv(CliContext ctx, String[] args) {
        String root = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--root") && i + 1 < args.length) {
                root = args[i + 1];
            } else if (args[i].startsWith("--root=")) {
                root = args[i].substring("--root=".length());
            }
        }
        java.nio.file.Path dir = dev.orun.store.RootLocator.guess(root, ctx.env(), ctx.cwd());
        if (dir == null || !java.nio.file.Files.isRegularFile(dir.resolve(".env"))) {
            return ctx.env();
        }
        try {
            return dev.orun.store.DotEnv.merged(dir, ctx.env());
        } catch (RuntimeException e) {
            return ctx.env(); // an unreadable .env is reported by the command that needs it
        }
    }

    public static int run(CliContext ctx, PrintWriter rawOut, PrintWriter rawErr, String... given) {
        String[] args = CommandTree.hoistGlobalOptions(given);
        // Every secret of the environment is masked in all that orun prints, whichever code printed it.
        // (and of the repository's .env, where a key kept there is as secret as one in the environment).
        dev.orun.http.Secrets secrets = dev.orun.http.Secrets.fromEnvironment(withDotEnv(ctx, args));
        PrintWriter out = secrets.isEmpty() ? rawOut : new PrintWriter(ScrubbingWriter.wrap(rawOut, secrets, false));
        PrintWriter err = secrets.isEmpty() ? rawErr : new PrintWriter(ScrubbingWriter.wrap(rawErr, secrets, false), true);
        Output output = new Output(out, err);
        OrunFactory factory = new OrunFactory(new Services(ctx), output);
        // --version, run show and run list skip building picocli's model when their arguments are plain.
        int code = new FastPath(factory, output).run(args);
        if (code == FastPath.DECLINED) {
            code = commandLine(factory, output, args).execute(args);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The command line of this context, as {@link #run} builds it: for the build steps (man page, fast-path table) and tests. */
    static CommandLine commandLine(CliContext ctx, PrintWriter out, PrintWriter err, String... args) {
        Output output = new Output(out, err);
        return commandLine(new OrunFactory(new Services(ctx), output), output, args);
    }

    /**
     * The only place a {@code CommandLine} is built: the branch of the tree the arguments reach (the whole tree for
     * help, completion and class-data training, which read it), the handlers, and the execution strategy that hands
     * the parsed global options to the services before the command runs.
     */
    private static CommandLine commandLine(OrunFactory factory, Output output, String... args) {
        ErrorHandler errors = new ErrorHandler(args);
        CommandLine cl = new CommandLine(OrunCommand.class, factory);
        CommandTree.orun().attach(cl, factory, java.util.Arrays.asList(args));
        cl.getCommandSpec().usageMessage().exitCodeList(exitCodes());
        HelpText.apply(cl);
        cl.setOut(output.out());
        cl.setErr(output.err());
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parsed -> {
            List<CommandLine> chain = parsed.asCommandLineList();
            CommandSpec leaf = chain.get(chain.size() - 1).getCommandSpec();
            for (CommandSpec mixin : leaf.mixins().values()) {
                if (mixin.userObject() instanceof GlobalOptions global) {
                    factory.services().use(global, leaf.qualifiedName());
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl;
    }

    /** The root help's exit-code list, from the one table of them ({@link Exit}). */
    static java.util.Map<String, String> exitCodes() {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (Exit e : Exit.values()) {
            codes.put(String.format(java.util.Locale.ROOT, "%2d", e.code()), e.meaning());
        }
        return codes;
    }
}
