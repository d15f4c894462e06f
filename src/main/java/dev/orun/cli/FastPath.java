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
import java.util.concurrent.Callable;

/**
 * The everyday commands without building picocli's model. Building it from annotations (reflection, one dynamic
 * proxy per annotation) costs ~150 ms of a ~200 ms start here, more than the command itself. The fast path parses by
 * the table of {@value #TABLE_CLASS}, which the build writes from that very model ({@link CommandModelTable}), so it
 * knows exactly the options picocli knows, and runs the same command classes:
 * <ul>
 *   <li>{@code orun --version} (or {@code -V}), with {@code --json} one JSON document {@code {"version": …}};</li>
 *   <li>the commands of {@link #COMMANDS}, read-only and writes ({@link #WRITES}), in their plain shapes:
 *       {@code --name value}, {@code --name=value}, flags, positional parameters, each at most once but for a list
 *       or map option (such as {@code --var k=v}), which may be repeated.</li>
 * </ul>
 * Anything else (help, an unknown or repeated option, a value that looks like an option or is not a plain number,
 * an enum value picocli would refuse, a map entry without {@code =}, {@code --}, an {@code @file} argument, a missing
 * required option) is declined before anything runs and goes to picocli. Once a command runs it is never declined:
 * its errors go to the same {@link ErrorHandler} as picocli's, and a {@code Callable}'s result is the exit code, as
 * picocli makes it. {@code FastPathTest} and {@code FastPathWritesTest} check that both give the same output, exit
 * code and record, option by option of the model.
 */
final class FastPath {
    /** {@link #run} returns this when the arguments need the full command line. */
    static final int DECLINED = -1;
    /** The class that holds the table as one string, which {@link CommandModelTable} writes and compiles at build time. */
    static final String TABLE_CLASS = "dev.orun.cli.FastPathTable";
    /** The commands of the fast path that write a run's record. */
    static final List<String> WRITES = List.of("run start", "gate start", "gate finish", "gate fail", "invocation record",
            "run complete");
    /** The commands the fast path takes: the read-only ones and {@link #WRITES}. */
    static final List<String> COMMANDS = withWrites("run show", "run list", "stats");

    private static List<String> withWrites(String... reads) {
        List<String> all = new ArrayList<>(List.of(reads));
        all.addAll(WRITES);
        return List.copyOf(all);
    }

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

    /**
     * Each argument's value by its row of the table (a default for those not given), or null when these arguments
     * are not a plain shape of the command of {@code words} words.
     */
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
            if (row == null || row[0].equals("help") || (values.containsKey(row) && !repeatable(row[7]))) {
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
            if (!(repeatable(row[7]) ? add(values, row, value) : put(values, row, convert(row[7], value)))) {
                return null;
            }
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

    private static boolean put(Map<String[], Object> values, String[] row, Object value) {
        if (value == null) {
            return false;
        }
        values.put(row, value);
        return true;
    }

    /** A list or map option: picocli makes a new ArrayList or LinkedHashMap and adds each occurrence to it. */
    private static boolean repeatable(String type) {
        return type.startsWith("java.util.List<") || type.startsWith("java.util.Map<");
    }

    /** Adds one occurrence of a list or map option; false when picocli would refuse or convert it otherwise. */
    @SuppressWarnings("unchecked")
    private static boolean add(Map<String[], Object> values, String[] row, String value) {
        String type = row[7];
        String[] elements = type.substring(type.indexOf('<') + 1, type.length() - 1).split(",");
        if (type.startsWith("java.util.List<")) {
            Object v = convert(elements[0], value);
            if (v == null) {
                return false;
            }
            List<Object> list = (List<Object>) values.get(row);
            if (list == null) {
                list = new ArrayList<>();
                values.put(row, list);
            }
            list.add(v);
            return true;
        }
        int eq = value.indexOf('=');
        if (eq < 0) {
            return false; // picocli: "should be in KEY=VALUE format"
        }
        Object k = convert(elements[0], value.substring(0, eq));
        Object v = convert(elements[1], value.substring(eq + 1));
        if (k == null || v == null) {
            return false;
        }
        Map<Object, Object> map = (Map<Object, Object>) values.get(row);
        if (map == null) {
            map = new LinkedHashMap<>();
            values.put(row, map);
        }
        map.put(k, v); // a key given twice: the last wins, as in picocli
        return true;
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
                return digits(value, 9) ? Integer.valueOf(value) : null;
            case "java.lang.Long", "long":
                return digits(value, 18) ? Long.valueOf(value) : null;
            case "java.lang.Double", "double": {
                // plain decimals only ("1.5"): "1e3", ".5", "NaN" and the like go to picocli
                int dot = value.indexOf('.');
                boolean plain = dot < 0 ? digits(value, 15)
                        : digits(value.substring(0, dot), 15) && fraction(value.substring(dot + 1), 15);
                return plain ? Double.valueOf(value) : null;
            }
            case "boolean", "java.lang.Boolean":
                return Boolean.valueOf(value);
            default:
                return type.startsWith("enum") ? constant(type, value) : null;
        }
    }

    /** 1 to {@code max} digits, without a leading zero but for "0". */
    private static boolean digits(String value, int max) {
        return fraction(value, max) && (value.length() == 1 || value.charAt(0) != '0');
    }

    /** 1 to {@code max} digits, leading zeros allowed (the part after a decimal point). */
    private static boolean fraction(String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The enum constant picocli's converter gives: the one named exactly, else the first whose name or toString is the
     * value (ignoring case when the parser does: {@code enum-ignore-case:}); null (picocli refuses it) when none is.
     */
    private static Object constant(String type, String value) {
        boolean ignoreCase = type.startsWith("enum-ignore-case:");
        Object[] constants;
        try {
            constants = Class.forName(type.substring(type.indexOf(':') + 1)).getEnumConstants();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the fast path's table names a missing enum: " + type, e);
        }
        for (Object c : constants) {
            if (((Enum<?>) c).name().equals(value)) {
                return c;
            }
        }
        for (Object c : constants) {
            String name = ((Enum<?>) c).name();
            String text = c.toString();
            if (name.equals(value) || text.equals(value) || (ignoreCase && (name.equalsIgnoreCase(value) || text.equalsIgnoreCase(value)))) {
                return c;
            }
        }
        return null;
    }

    /**
     * Builds the command as picocli would (the same factory, mixins in their fields, options set), runs it once and
     * never declines it after: a failure is reported by the same error handler as picocli's, so the command never
     * runs a second time (issue 14: a second run of a {@code run show} waiting for a lock waited twice the timeout).
     * A {@code Callable}'s Integer is the exit code, as picocli's {@code execute} returns it.
     */
    private int execute(List<String[]> rows, Map<String[], Object> values, String[] args) {
        String commandClass = rows.get(0)[2];
        Object command;
        try {
            command = factory.create(Class.forName(commandClass));
            Map<String, Object> owners = new HashMap<>();
            owners.put("", command);
            for (String[] row : rows) {
                if (row[0].equals("mixin")) { // parents come first: "target" before "target.run"
                    int dot = row[2].lastIndexOf('.');
                    Object parent = owners.get(dot < 0 ? "" : row[2].substring(0, dot));
                    owners.put(row[2], mixin(parent, row[2].substring(dot + 1)));
                }
            }
            for (Map.Entry<String[], Object> e : values.entrySet()) {
                String[] row = e.getKey();
                set(owners.get(row[5]), row[6], e.getValue());
            }
            for (Object mixin : owners.values()) {
                if (mixin instanceof GlobalOptions global) {
                    factory.services().use(global, rows.get(0)[1]); // as Main's execution strategy does for picocli
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the fast path cannot build " + commandClass + ": " + e, e);
        }
        try {
            if (command instanceof Callable<?> callable) {
                return callable.call() instanceof Integer code ? code : 0;
            }
            ((Runnable) command).run();
            return 0;
        } catch (Exception e) {
            return new ErrorHandler(args).handle(e, out, err);
        }
    }

    /** Creates the mixin of {@code owner}'s field {@code name} with the factory and puts it there. */
    private Object mixin(Object owner, String name) {
        try {
            Field f = owner.getClass().getDeclaredField(name);
            Object mixin = factory.create(f.getType());
            f.setAccessible(true);
            f.set(owner, mixin);
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
