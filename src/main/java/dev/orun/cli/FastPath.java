package dev.orun.cli;

import dev.orun.cli.support.ErrorHandler;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.OrunFactory;
import dev.orun.cli.support.Output;
import dev.orun.cli.support.VersionProvider;

import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The everyday read-only commands without building picocli's model. Building it from annotations (reflection,
 * one dynamic proxy per annotation) costs ~150 ms of a ~200 ms start here, more than the command itself. The
 * fast path parses by the table of {@value #TABLE_CLASS}, which the build writes from that very model ({@link CommandModelTable}),
 * so it knows exactly the options picocli knows, and runs the same command classes:
 * <ul>
 *   <li>{@code orun --version} (or {@code -V}), with {@code --json} one JSON document {@code {"version": …}};</li>
 *   <li>the commands of {@link #COMMANDS}, in their plain shapes: {@code --name value}, {@code --name=value}, flags,
 *       positional parameters, each at most once.</li>
 * </ul>
 * Anything else (help, an unknown or repeated option, a value that looks like an option or is not a plain number,
 * {@code --}, an {@code @file} argument, a missing required option) is declined before anything runs and goes to
 * picocli. Once a command runs it is never declined: its errors go to the same {@link ErrorHandler} as picocli's.
 * {@code FastPathTest} checks that both give the same output and exit code, option by option of the model.
 */
final class FastPath {
    /** {@link #run} returns this when the arguments need the full command line. */
    static final int DECLINED = -1;
    /** The class that holds the table as one string, which {@link CommandModelTable} writes and compiles at build time. */
    static final String TABLE_CLASS = "dev.orun.cli.FastPathTable";
    /** The commands the fast path takes. */
    static final List<String> COMMANDS = List.of("run show", "run list", "stats");

    private final OrunFactory factory;
    private final PrintWriter out;
    private final PrintWriter err;

    /** Builds commands with {@code factory}, the very one of {@link Main}'s command line. */
    FastPath(OrunFactory factory, Output output) {
        this.factory = factory;
        this.out = output.out();
        this.err = output.err();
    }

    int run(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(VersionProvider.version());
            return 0;
        }
        if (args.length == 2 && java.util.Arrays.asList(args).contains("--json")
                && (args[0].equals("--version") || args[0].equals("-V") || args[1].equals("--version") || args[1].equals("-V"))) {
            out.print(dev.orun.schema.Json.pretty(java.util.Map.of("version", VersionProvider.VERSION)));
            return 0;
        }
        String path = commandPath(args);
        if (path == null) {
            return DECLINED;
        }
        List<String[]> rows = table().get(path);
        if (rows == null) {
            return DECLINED; // a build without the table (an IDE's): picocli takes everything
        }
        Map<String[], Object> values = parse(rows, args, path.split(" ").length);
        return values == null ? DECLINED : execute(rows, values, args);
    }

    /**
     * Each argument's value by its row of the table (a default for those not given), or null when these arguments
     * are not a plain shape of the command.
     */
    /** The command of {@link #COMMANDS} that the arguments start with, or null. */
    static String commandPath(String[] args) {
        for (String path : COMMANDS) {
            String[] words = path.split(" ");
            if (args.length >= words.length) {
                boolean match = true;
                for (int i = 0; i < words.length && match; i++) {
                    match = words[i].equals(args[i]);
                }
                if (match) {
                    return path;
                }
            }
        }
        return null;
    }

    static Map<String[], Object> parse(List<String[]> rows, String[] args) {
        return parse(rows, args, 2);
    }

    /** As {@link #parse(List, String[])}, for a command of {@code words} words. */
    static Map<String[], Object> parse(List<String[]> rows, String[] args, int words) {
        Map<String, String[]> byName = new HashMap<>();
        List<String[]> positionals = new ArrayList<>();
        for (String[] row : rows) {
            switch (row[0]) {
                case "option", "help" -> {
                    for (String name : row[2].split(",")) {
                        byName.put(name, row);
                    }
                }
                case "positional" -> positionals.add(row);
                default -> { }
            }
        }
        Map<String[], Object> values = new LinkedHashMap<>();
        int position = 0;
        for (int i = words; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) {
                return null; // picocli reads arguments from an @file: leave that to it
            }
            if (!a.startsWith("-")) {
                if (position >= positionals.size()) {
                    return null;
                }
                Object v = convert(positionals.get(position)[7], a);
                if (v == null) {
                    return null;
                }
                values.put(positionals.get(position++), v);
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq > 0 ? a.substring(0, eq) : a;
            String[] row = byName.get(name);
            if (row == null || row[0].equals("help") || values.containsKey(row)) {
                return null;
            }
            if (row[3].equals("0")) {
                if (eq > 0) {
                    return null;
                }
                values.put(row, Boolean.TRUE);
                continue;
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-") && !args[i + 1].startsWith("@")) {
                value = args[++i];
            } else {
                return null;
            }
            Object v = convert(row[7], value);
            if (v == null) {
                return null;
            }
            values.put(row, v);
        }
        for (String[] row : rows) {
            if ((row[0].equals("option") || row[0].equals("positional")) && !values.containsKey(row)) {
                if (row[4].equals("true")) {
                    return null; // picocli names what is missing
                }
                if (!row[8].isEmpty()) {
                    values.put(row, convert(row[7], row[8]));
                }
            }
        }
        return values;
    }

    /** The value as picocli converts it, or null when this path leaves the conversion (or its error) to picocli. */
    private static Object convert(String type, String value) {
        switch (type) {
            case "java.lang.String":
                return value;
            case "java.nio.file.Path":
                try {
                    return Path.of(value);
                } catch (InvalidPathException e) {
                    return null;
                }
            case "java.lang.Integer", "int":
                // picocli also takes "+1", "0x10", "010": those go to picocli
                if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')
                        || (value.length() > 1 && value.charAt(0) == '0')) {
                    return null;
                }
                return Integer.valueOf(value);
            case "boolean", "java.lang.Boolean":
                return Boolean.valueOf(value);
            default:
                return null;
        }
    }

    /**
     * Builds the command as picocli would (the same factory, mixins in their fields, options set), runs it once and
     * never declines it after: a failure is reported by the same error handler as picocli's, so the command never
     * runs a second time (issue 14: a second run of a {@code run show} waiting for a lock waited twice the timeout).
     */
    private int execute(List<String[]> rows, Map<String[], Object> values, String[] args) {
        String commandClass = rows.get(0)[2];
        try {
            Object command = factory.create(Class.forName(commandClass));
            Map<String, Object> mixins = new HashMap<>();
            for (String[] row : rows) {
                if (row[0].equals("mixin")) {
                    mixins.put(row[2], mixin(command, row[2]));
                }
            }
            for (Map.Entry<String[], Object> e : values.entrySet()) {
                String[] row = e.getKey();
                set(row[5].isEmpty() ? command : mixins.get(row[5]), row[6], e.getValue());
            }
            for (Object mixin : mixins.values()) {
                if (mixin instanceof GlobalOptions global) {
                    factory.services().use(global, rows.get(0)[1]); // as Main's execution strategy does for picocli
                }
            }
            ((Runnable) command).run();
            return 0;
        } catch (RuntimeException e) {
            return new ErrorHandler(args).handle(e, out, err);
        } catch (Exception e) {
            throw new IllegalStateException("the fast path cannot build " + commandClass + ": " + e, e);
        }
    }

    /** Creates the mixin of the command's field {@code name} with the factory and puts it there. */
    private Object mixin(Object command, String name) {
        try {
            Field f = command.getClass().getDeclaredField(name);
            Object mixin = factory.create(f.getType());
            f.setAccessible(true);
            f.set(command, mixin);
            return mixin;
        } catch (Exception e) {
            throw new IllegalStateException("the fast path cannot build the mixin " + name + ": " + e, e);
        }
    }

    private static void set(Object owner, String field, Object value) {
        try {
            Field f = owner.getClass().getDeclaredField(field);
            f.setAccessible(true);
            f.set(owner, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the fast path cannot set " + owner.getClass().getName() + "." + field + ": " + e, e);
        }
    }

    /** The table's text, or null in a build that did not write it. */
    static String tableText() {
        try {
            return (String) Class.forName(TABLE_CLASS).getDeclaredField("TEXT").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The table's rows by command, each command's first row its {@code command} row. */
    static Map<String, List<String[]>> table() {
        String text = tableText();
        Map<String, List<String[]>> byCommand = new HashMap<>();
        for (String line : text == null ? new String[0] : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                String[] row = line.split("\t", -1);
                List<String[]> rows = byCommand.get(row[1]);
                if (rows == null) {
                    rows = new ArrayList<>();
                    byCommand.put(row[1], rows);
                }
                rows.add(row);
            }
        }
        return byCommand;
    }
}
