package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.cli.support.ErrorHandler;
import dev.orun.cli.support.OrunFactory;
import dev.orun.error.Exit;
import dev.orun.scrub.ScrubbingWriter;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The one wiring point: {@link #run} builds the command line with its handlers; {@code main} only exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals(CdsTrainCommand.READ)) {
            System.exit(CdsTrainCommand.trainRead(java.nio.file.Path.of(args[1]), new PrintWriter(System.err, true)));
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(CliContext.system(), out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(CliContext.system(), out, err, args);
    }

    public static int run(CliContext ctx, PrintWriter rawOut, PrintWriter rawErr, String... given) {
        String[] args = CommandTree.hoistGlobalOptions(given);
        // Every secret of the environment is masked in all that orun prints, whichever code printed it.
        dev.orun.http.Secrets secrets = dev.orun.http.Secrets.fromEnvironment(ctx.env());
        PrintWriter out = secrets.isEmpty() ? rawOut : new PrintWriter(ScrubbingWriter.wrap(rawOut, secrets, false));
        PrintWriter err = secrets.isEmpty() ? rawErr : new PrintWriter(ScrubbingWriter.wrap(rawErr, secrets, false), true);
        // --version, run show and run list skip building picocli's model when their arguments are plain.
        int code = FastPath.run(ctx, out, err, args);
        if (code == FastPath.DECLINED) {
            code = commandLine(ctx, out, err, args).execute(args);
        }
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(CliContext ctx, PrintWriter out, PrintWriter err, String... args) {
        ErrorHandler errors = new ErrorHandler(args);
        OrunFactory factory = new OrunFactory(ctx);
        CommandLine cl = new CommandLine(OrunCommand.class, factory);
        CommandTree.orun().attach(cl, factory, java.util.Arrays.asList(args));
        cl.getCommandSpec().usageMessage().exitCodeList(exitCodes());
        HelpText.apply(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
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
