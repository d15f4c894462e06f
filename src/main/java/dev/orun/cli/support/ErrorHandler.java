package dev.orun.cli.support;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
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
        Exit exit;
        String message;
        if (ex instanceof OrunException oe) {
            exit = oe.exit();
            message = oe.getMessage();
        } else if (ex instanceof UncheckedIOException io) {
            exit = Exit.FAILED;
            message = io.getMessage();
        } else {
            exit = Exit.FAILED;
            message = "internal error: " + ex + " (run again with --verbose for the stack trace, and report it)";
        }
        return report(cmd, exit, message, ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] ignored) {
        CommandLine cmd = ex.getCommandLine();
        String help = "'" + cmd.getCommandSpec().qualifiedName() + " --help'";
        String message = oneLine(ex.getMessage());
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length());
        }
        return report(cmd, Exit.USAGE, message + " (see " + help + ")", ex);
    }

    private int report(CommandLine cmd, Exit exit, String message, Exception ex) {
        PrintWriter err = cmd.getErr();
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
            cmd.getOut().print(Json.pretty(doc));
            cmd.getOut().flush();
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
