package dev.orun.gate;

import dev.orun.exec.ChildProcesses;
import dev.orun.exec.ShellScript;
import dev.orun.run.Durations;
import dev.orun.run.ValidationResult;
import dev.orun.store.AppendLog;
import dev.orun.store.PlainFiles;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code command}: a check command run at the repository root (an array, or a string run by {@code sh -c});
 * passes on exit 0. Its output goes to the run's {@code logs/}, never to the committed record.
 */
final class CommandCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        JsonNode c = spec.node("command");
        List<String> argv = new ArrayList<>();
        String where = ctx.contract().source() + " " + spec.pointer() + "/command";
        if (c.isString()) {
            argv.add("sh");
            argv.add("-c");
            argv.add(script(c.asString(), ctx, where));
        } else {
            List<String> given = new ArrayList<>();
            c.forEach(a -> given.add(a.asString()));
            for (int i = 0; i < given.size(); i++) {
                argv.add(ShellScript.isScript(given, i) ? script(given.get(i), ctx, where) : ctx.vars().expand(given.get(i), where));
            }
        }
        String target = spec.target() != null ? ctx.vars().expand(spec.target(), where) : shortCommand(argv);
        Duration timeout = spec.text("timeout") != null ? Durations.parse(spec.text("timeout"), where.replace("/command", "/timeout"))
                : ctx.commandTimeout();
        return List.of(execute(spec, ctx, argv, target, timeout, Map.of(), false));
    }

    /**
     * Runs {@code argv} at the root, in a process group of its own, with the allow-listed environment (see
     * ChildProcesses.checkEnvironment) plus {@code extraEnv}; exit 0 passes. With {@code lastLine} the message
     * ends with the output's last line (a custom type's own explanation).
     */
    static ValidationResult execute(ValidationSpec spec, CheckContext ctx, List<String> argv, String target, Duration timeout,
                                    Map<String, String> extraEnv, boolean lastLine) {
        String shown = String.join(" ", argv);
        ProcessBuilder pb = new ProcessBuilder(ChildProcesses.inOwnGroup(argv)).directory(ctx.files().root().toFile())
                .redirectErrorStream(true);
        ChildProcesses.environment(pb, ChildProcesses.checkEnvironment(ctx.env()));
        pb.environment().putAll(extraEnv);
        Path log = null;
        if (ctx.commandLogs() != null) {
            String index = spec.pointer().substring(spec.pointer().lastIndexOf('/') + 1);
            log = ctx.commandLogs().resolve("check-" + index + "-" + spec.type() + ".log");
        }
        Path out = log;
        if (out == null && lastLine) {
            try {
                out = PlainFiles.scratchFile("orun-check", ".log");
            } catch (IOException e) {
                out = null;
            }
        }
        ProcessBuilder.Redirect to = ProcessBuilder.Redirect.DISCARD;
        if (out != null) {
            try {
                to = AppendLog.childOutput(out);
            } catch (IOException e) {
                log = null;
                out = null;
            }
        }
        pb.redirectOutput(to);
        String logShown = log == null ? "" : " (output: " + ctx.files().relative(log) + ")";
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Check.result(spec, target, false, "could not start '" + shown + "': " + e.getMessage() + "; wanted exit 0");
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.killGroup(p, Duration.ofSeconds(1));
                p.waitFor(5, TimeUnit.SECONDS);
                return Check.result(spec, target, false, "timed out after " + timeout.toSeconds() + " s; wanted exit 0" + logShown);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Check.result(spec, target, false, "interrupted; wanted exit 0");
        }
        int exit = p.exitValue();
        String said = lastLine && out != null ? lastLineOf(out) : "";
        if (out != null && log == null) {
            PlainFiles.deleteQuietly(out);
        }
        return Check.result(spec, target, exit == 0, "exit " + exit + (exit == 0 ? "" : ", wanted 0")
                + (said.isEmpty() ? "" : ": " + said) + logShown);
    }

    private static String lastLineOf(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                return "";
            }
            String l = lines.get(lines.size() - 1).strip();
            return l.length() > 200 ? l.substring(0, 197) + "…" : l;
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** A script for {@code sh -c}: each path variable quoted for the shell where it stands (see ShellScript). */
    private static String script(String text, CheckContext ctx, String where) {
        return ShellScript.fill(text, name -> {
            String filled = ctx.vars().expand("{" + name + "}", where);
            return filled.equals("{" + name + "}") ? null : filled;
        });
    }

    private static String shortCommand(List<String> argv) {
        String s = String.join(" ", argv);
        s = s.replace(File.separatorChar == '\\' ? "\\" : "\u0000", "/");
        return s.length() > 80 ? s.substring(0, 77) + "…" : s;
    }
}
