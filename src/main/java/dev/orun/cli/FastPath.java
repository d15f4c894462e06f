package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.VersionProvider;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * The everyday read-only commands without picocli. Building picocli's model from annotations (reflection,
 * one dynamic proxy per annotation) costs ~150 ms of a ~200 ms start here, more than the command itself. For
 * exactly these argument shapes {@link Main} runs the very same command classes directly:
 * <ul>
 *   <li>{@code orun --version} (or {@code -V}), with {@code --json} one JSON document {@code {"version": …}};</li>
 *   <li>{@code orun run show ID | --run ID} with {@code --json}, {@code --root DIR}, {@code --lock-timeout D},
 *       {@code -v};</li>
 *   <li>{@code orun run list} with {@code --status}, {@code --workflow}, {@code --since}, {@code --grep},
 *       {@code --limit} (digits), and the same global options;</li>
 *   <li>{@code orun stats} with {@code --since}, {@code --workflow} and the same global options.</li>
 * </ul>
 * Anything else ({@code --help}, an unknown or repeated option, a value that looks like an option, {@code --},
 * an {@code @file} argument) is declined and goes to the full command line; so does any error while running
 * (both commands print their output only after everything that can fail, and warnings are held back until
 * then), which the full command line then reports as usual. {@code FastPathTest} checks that both give the
 * same output and exit code, option by option.
 */
final class FastPath {
    /** {@link #run} returns this when the arguments need the full command line. */
    static final int DECLINED = -1;

    private FastPath() {
    }

    static int run(CliContext ctx, PrintWriter out, PrintWriter err, String... args) {
        try {
            if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
                out.println(VersionProvider.version());
                return 0;
            }
            if (args.length == 2 && java.util.Arrays.asList(args).contains("--json")
                    && (args[0].equals("--version") || args[0].equals("-V") || args[1].equals("--version") || args[1].equals("-V"))) {
                out.print(dev.orun.schema.Json.pretty(java.util.Map.of("version", VersionProvider.VERSION)));
                return 0;
            }
            boolean stats = args.length >= 1 && args[0].equals("stats");
            if (!stats && (args.length < 2 || !args[0].equals("run"))) {
                return DECLINED;
            }
            for (String a : args) {
                if (a.startsWith("@")) {
                    return DECLINED; // picocli reads arguments from an @file: leave that to it
                }
            }
            Parsed p = stats ? Parsed.of("stats", args, 1) : Parsed.of(args[1], args, 2);
            if (p == null) {
                return DECLINED;
            }
            // Warnings are held back until the command succeeds; its output is printed last of all (after
            // everything that can fail), so it goes straight out, 1 MB for 10,000 runs.
            StringWriter bufErr = new StringWriter();
            PrintWriter e = new PrintWriter(bufErr);
            GlobalOptions global = GlobalOptions.direct(ctx, out, e, p.json, p.root == null ? null : Path.of(p.root),
                    p.lockTimeout);
            if (p.command.equals("stats")) {
                StatsCommand st = new StatsCommand();
                st.o = global;
                st.since = p.since == null ? StatsCommand.DEFAULT_SINCE : p.since;
                st.workflow = p.workflow;
                st.run();
            } else if (p.command.equals("show")) {
                RunShowCommand show = new RunShowCommand();
                show.o = global;
                show.run = p.run;
                show.positional = p.positional;
                show.run();
            } else {
                RunListCommand list = new RunListCommand();
                list.o = global;
                list.status = p.status;
                list.workflow = p.workflow;
                list.since = p.since;
                list.grep = p.grep;
                list.limit = p.limit;
                list.run();
            }
            e.flush();
            err.write(bufErr.toString());
            return 0;
        } catch (RuntimeException e) {
            return DECLINED; // the full command line runs it again and reports the error its usual way
        }
    }

    /** The options of one fast command line, or null when it is not one of the shapes taken here. */
    private static final class Parsed {
        final String command;
        boolean json;
        boolean verbose;
        String root;
        String lockTimeout;
        String run;
        String positional;
        String status;
        String workflow;
        String since;
        String grep;
        Integer limit;

        private Parsed(String command) {
            this.command = command;
        }

        static Parsed of(String command, String[] args, int first) {
            if (!command.equals("show") && !command.equals("list") && !command.equals("stats")) {
                return null;
            }
            Parsed p = new Parsed(command);
            boolean show = command.equals("show");
            for (int i = first; i < args.length; i++) {
                String a = args[i];
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (!a.startsWith("-")) {
                    if (!show || p.positional != null) {
                        return null;
                    }
                    p.positional = a;
                    continue;
                }
                if (name.equals("--json") || name.equals("-v") || name.equals("--verbose")) {
                    if (value != null || (name.equals("--json") ? p.json : p.verbose)) {
                        return null;
                    }
                    if (name.equals("--json")) {
                        p.json = true;
                    } else {
                        p.verbose = true;
                    }
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                        return null;
                    }
                    value = args[++i];
                }
                if (!p.set(name, value, show)) {
                    return null;
                }
            }
            return p;
        }

        /** Sets a valued option; false for an option this shape does not take, or one given twice. */
        private boolean set(String name, String value, boolean show) {
            switch (name) {
                case "--root":
                    return root == null && (root = value) != null;
                case "--lock-timeout":
                    return lockTimeout == null && (lockTimeout = value) != null;
                default:
                    return show ? setShow(name, value) : command.equals("stats") ? setStats(name, value) : setList(name, value);
            }
        }

        private boolean setShow(String name, String value) {
            if (name.equals("--run") && run == null) {
                run = value;
                return true;
            }
            return false;
        }

        private boolean setStats(String name, String value) {
            switch (name) {
                case "--since":
                    return since == null && (since = value) != null;
                case "--workflow":
                    return workflow == null && (workflow = value) != null;
                default:
                    return false;
            }
        }

        private boolean setList(String name, String value) {
            switch (name) {
                case "--status":
                    return status == null && (status = value) != null;
                case "--workflow":
                    return workflow == null && (workflow = value) != null;
                case "--since":
                    return since == null && (since = value) != null;
                case "--grep":
                    return grep == null && (grep = value) != null;
                case "--limit":
                    if (limit != null || value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        return false;
                    }
                    limit = Integer.valueOf(value);
                    return true;
                default:
                    return false;
            }
        }
    }
}
