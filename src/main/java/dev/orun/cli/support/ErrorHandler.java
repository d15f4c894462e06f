package dev.orun.cli.support;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.text.Suggest;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one error handler: a failure becomes one line on stderr (with --json, also one JSON document on
 * stdout) and its exit code; a stack trace only with --verbose.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final List<String> args;

    public ErrorHandler(String... args) {
        // After '--' the words belong to an agent command (gate exec), not to orun.
        List<String> all = Arrays.asList(args);
        int end = all.indexOf("--");
        this.args = end < 0 ? all : all.subList(0, end);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        return handle(ex, cmd.getOut(), cmd.getErr());
    }

    /** Reports a command's failure on these streams (the fast path's, or the command line's); returns its exit code. */
    public int handle(Exception ex, PrintWriter out, PrintWriter err) {
        Exit exit;
        String message;
        if (ex instanceof OrunException oe) {
            exit = oe.exit();
            message = oe.getMessage();
        } else if (ex instanceof tools.jackson.core.JacksonException je) {
            // A parse error that no reader turned into its own words: still orun's words, never Jackson's.
            exit = Exit.INVALID;
            message = "a file could not be parsed" + dev.orun.schema.SyntaxProblem.ofJson(je).sentence()
                    + " (run again with --verbose to see where it was read)";
        } else if (ex instanceof java.nio.file.InvalidPathException ip) {
            exit = Exit.INVALID;
            message = "'" + dev.orun.schema.ControlCharacters.printable(ip.getInput()) + "' is not a usable path ("
                    + ip.getReason() + "): fix the path";
        } else if (ex instanceof UncheckedIOException io) {
            exit = Exit.FAILED;
            message = io.getMessage();
        } else {
            exit = Exit.FAILED;
            message = "internal error: " + ex + " (run again with --verbose for the stack trace, and report it)";
        }
        return report(out, err, exit, message, ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] ignored) {
        CommandLine cmd = ex.getCommandLine();
        String help = "'" + cmd.getCommandSpec().qualifiedName() + " --help'";
        String message = oneLine(ex.getMessage());
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length());
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            message = unmatched(cmd, u.getUnmatched().get(0), message);
        } else if (ex instanceof CommandLine.MissingParameterException) {
            // 'gate start --rn x': picocli says the required --run is missing; the mistyped option is the cause.
            String word = cmd.getUnmatchedArguments().stream().filter(w -> w.startsWith("--")).findFirst().orElse(null);
            if (word != null) {
                String near = unmatched(cmd, word, null);
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                message = near != null ? near : "unknown option '" + name + "' (" + message + ")";
            }
        }
        return report(cmd.getOut(), cmd.getErr(), Exit.USAGE, message + " (see " + help + ")", ex);
    }

    /** "unknown command 'rn': did you mean 'orun run'?" — the nearest command or option, when there is one. */
    private static String unmatched(CommandLine cmd, String word, String message) {
        var spec = cmd.getCommandSpec();
        if (word.startsWith("-")) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            String near = Suggest.near(name, spec.optionsMap().keySet().stream().filter(n -> n.startsWith("--")).toList());
            return near == null ? message : "unknown option '" + name + "': did you mean " + near + "?";
        }
        List<String> names = spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList();
        if (names.isEmpty()) {
            return message;
        }
        String near = Suggest.near(word, names);
        return "unknown command '" + word + "'" + (near == null ? ": choose one of " + names
                : ": did you mean '" + spec.qualifiedName() + " " + near + "'?");
    }

    private int report(PrintWriter out, PrintWriter err, Exit exit, String message, Exception ex) {
        err.println("orun: " + oneLine(message));
        if (verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        if (args.contains("--json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("exit_code", exit.code());
            error.put("message", oneLine(message));
            doc.put("error", error);
            out.print(Json.pretty(doc));
            out.flush();
        }
        return exit.code();
    }

    private boolean verbose() {
        return args.contains("--verbose") || args.contains("-v");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
