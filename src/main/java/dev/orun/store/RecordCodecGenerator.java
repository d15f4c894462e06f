package dev.orun.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orun.schema.RecordTrees;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Build step (process-classes): writes and compiles {@value #TABLE_CLASS}, the code {@link RecordTrees} binds orun's
 * records with, from the records themselves (their components, generic types and Jackson annotations, read here by
 * reflection), so that a field added to a record reaches the binding by the build alone and a record binds at run
 * time with no reflection, annotation proxy or generic-signature parsing (those cost a short write ~40 ms; see
 * docs/performance.md). The records are {@link #ROOTS} and every record type their components reach. A component
 * of a type the binding does not know fails the build here, naming it, instead of diverging at run time.
 *   java -cp target/classes:… dev.orun.store.RecordCodecGenerator target/classes target/generated-sources/record-codec
 */
public final class RecordCodecGenerator {
    static final String TABLE_CLASS = RecordTrees.TABLE_CLASS;
    static final List<String> ROOTS = RecordTrees.ROOTS;

    private static final Set<Class<?>> SCALARS = Set.of(String.class, int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, boolean.class, Boolean.class);

    private RecordCodecGenerator() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        Path classes = Path.of(args[0]);
        Path source = Path.of(args[1]).resolve("dev/orun/store/RecordTreesTable.java");
        List<Class<?>> roots = new ArrayList<>();
        for (String r : ROOTS) {
            roots.add(Class.forName(r));
        }
        AtomicFiles.write(source, javaSource(roots).getBytes(StandardCharsets.UTF_8));
        // Where builds before the table moved to this package wrote it: a target/ of theirs would keep a stale copy
        // (schema -> run, a package cycle) in every jar until 'mvn clean'.
        try {
            java.nio.file.Files.deleteIfExists(classes.resolve("dev/orun/schema/RecordTreesTable.class"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String classPath = String.join(File.pathSeparator, classes.toString(), jarOf(tools.jackson.databind.JsonNode.class),
                jarOf(tools.jackson.core.TreeNode.class), jarOf(JsonInclude.class));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // String concatenation through StringBuilder, as the pom compiles the rest: an indy call site costs method-handle
        // spinning at its first use (~20 ms of a write for the paths the readers build).
        int code = javac.run(null, null, null, "--release", "17", "-nowarn", "-XDstringConcat=inline", "-cp", classPath, "-d", classes.toString(),
                source.toString());
        if (code != 0) {
            throw new IllegalStateException("cannot compile " + source + " (javac exit " + code + ")");
        }
    }

    private static String jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record type reachable from the roots, roots first. */
    public static List<Class<?>> records(List<Class<?>> roots) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (Class<?> r : roots) {
            reach(r, seen, r.getName());
        }
        return List.copyOf(seen);
    }

    private static void reach(Type type, Set<Class<?>> seen, String where) {
        Class<?> raw = raw(type);
        if (SCALARS.contains(raw) || raw.isEnum()) {
            return;
        }
        if (raw == List.class) {
            reach(argument(type, 0, where), seen, where + "[]");
            return;
        }
        if (raw == Map.class) {
            if (argument(type, 0, where) != String.class) {
                throw new IllegalStateException(where + ": a map whose keys are not strings has no JSON form");
            }
            reach(argument(type, 1, where), seen, where + "{}");
            return;
        }
        if (!raw.isRecord()) {
            throw new IllegalStateException(where + ": " + type.getTypeName() + " is not a type RecordTrees binds "
                    + "(strings, numbers, booleans, enums, lists, string-keyed maps and records)");
        }
        if (seen.add(raw)) {
            for (RecordComponent c : raw.getRecordComponents()) {
                reach(c.getGenericType(), seen, raw.getSimpleName() + "." + c.getName());
            }
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalStateException("no JSON form for " + type.getTypeName());
    }

    private static Type argument(Type type, int i, String where) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalStateException(where + ": a raw " + type.getTypeName() + " (no element type)");
    }

    /** Jackson's {@code SNAKE_CASE} of a component name: an upper-case letter becomes '_' and its lower case. */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        boolean prevUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0 && c == '_') {
                continue;
            }
            if (Character.isUpperCase(c)) {
                if (!prevUpper && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
                prevUpper = true;
            } else {
                out.append(c);
                prevUpper = false;
            }
        }
        return out.toString();
    }

    private static String id(Class<?> c) {
        return c.getName().substring(c.getName().lastIndexOf('.') + 1).replace('$', '_');
    }

    private static String name(Type type) {
        return type.getTypeName().replace('$', '.');
    }

    static String javaSource(List<Class<?>> roots) {
        List<Class<?>> records = records(roots);
        StringBuilder sb = new StringBuilder();
        sb.append("package dev.orun.store;\n\n")
                .append("import dev.orun.schema.RecordTrees;\n")
                .append("import tools.jackson.databind.JsonNode;\n")
                .append("import tools.jackson.databind.node.ObjectNode;\n\n")
                .append("import java.util.ArrayList;\nimport java.util.List;\nimport java.util.Map;\n\n")
                .append("/** Written by dev.orun.store.RecordCodecGenerator from orun's records: do not edit. */\n")
                .append("public final class RecordTreesTable implements RecordTrees.Table {\n\n");
        sb.append("    @Override\n    public ObjectNode write(Record r) {\n        switch (r.getClass().getName()) {\n");
        for (Class<?> c : records) {
            sb.append("            case \"").append(c.getName()).append("\":\n                return w").append(id(c))
                    .append("((").append(name(c)).append(") r);\n");
        }
        sb.append("            default:\n                return null;\n        }\n    }\n\n");
        sb.append("    @Override\n    public Object read(Class<?> type, JsonNode n, boolean strict, String at) {\n        switch (type.getName()) {\n");
        for (Class<?> c : records) {
            sb.append("            case \"").append(c.getName()).append("\":\n                return r").append(id(c))
                    .append("(n, strict, at);\n");
        }
        sb.append("            default:\n                return RecordTrees.UNKNOWN;\n        }\n    }\n");
        for (Class<?> c : records) {
            writer(sb, c);
            reader(sb, c);
            sb.append("\n    private static List<").append(name(c)).append("> list").append(id(c))
                    .append("(JsonNode n, boolean strict, String at) {\n")
                    .append("        RecordTrees.requireArray(n, at);\n")
                    .append("        List<").append(name(c)).append("> out = new ArrayList<>(n.size());\n")
                    .append("        int i = 0;\n")
                    .append("        for (JsonNode c : n.values()) {\n")
                    .append("            out.add(RecordTrees.isAbsent(c) ? null : r").append(id(c)).append("(c, strict, at + \"/\" + i));\n")
                    .append("            i++;\n        }\n        return out;\n    }\n");
        }
        return sb.append("}\n").toString();
    }

    private static boolean omitsNull(Class<?> type, RecordComponent c) {
        JsonInclude all = type.getAnnotation(JsonInclude.class);
        boolean omitAll = all != null && all.value() == JsonInclude.Include.NON_NULL;
        try {
            // A component's @JsonInclude lands on its field (the annotation does not target record components).
            Field f = type.getDeclaredField(c.getName());
            JsonInclude one = f.getAnnotation(JsonInclude.class);
            return one != null ? one.value() == JsonInclude.Include.NON_NULL : omitAll;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writer(StringBuilder sb, Class<?> c) {
        sb.append("\n    private static ObjectNode w").append(id(c)).append("(").append(name(c)).append(" v) {\n")
                .append("        ObjectNode o = RecordTrees.NODES.objectNode();\n");
        for (RecordComponent rc : c.getRecordComponents()) {
            String get = "v." + rc.getName() + "()";
            String key = "\"" + snakeCase(rc.getName()) + "\"";
            if (rc.getType().isPrimitive()) {
                sb.append("        o.put(").append(key).append(", ").append(get).append(");\n");
            } else if (omitsNull(c, rc)) {
                sb.append("        if (").append(get).append(" != null) {\n            o.set(").append(key)
                        .append(", RecordTrees.value(").append(get).append("));\n        }\n");
            } else {
                sb.append("        o.set(").append(key).append(", RecordTrees.value(").append(get).append("));\n");
            }
        }
        sb.append("        return o;\n    }\n");
    }

    private static void reader(StringBuilder sb, Class<?> c) {
        RecordComponent[] cs = c.getRecordComponents();
        JsonIgnoreProperties ignore = c.getAnnotation(JsonIgnoreProperties.class);
        sb.append("\n    private static ").append(name(c)).append(" r").append(id(c))
                .append("(JsonNode n, boolean strict, String at) {\n")
                .append("        RecordTrees.requireObject(n, at);\n");
        for (int i = 0; i < cs.length; i++) {
            Class<?> t = cs[i].getType();
            String init = t == boolean.class ? "false" : t == long.class ? "0L" : t == double.class ? "0.0" : t.isPrimitive() ? "0" : "null";
            sb.append("        ").append(name(cs[i].getGenericType())).append(" a").append(i).append(" = ").append(init).append(";\n");
        }
        sb.append("        for (Map.Entry<String, JsonNode> e : n.properties()) {\n")
                .append("            JsonNode x = e.getValue();\n")
                .append("            switch (e.getKey()) {\n");
        for (int i = 0; i < cs.length; i++) {
            String key = snakeCase(cs[i].getName());
            sb.append("                case \"").append(key).append("\":\n");
            sb.append("                    a").append(i).append(" = ")
                    .append(readExpr(cs[i].getGenericType(), "x", "at + \"/" + key + "\"")).append(";\n")
                    .append("                    break;\n");
        }
        sb.append("                default:\n");
        if (ignore != null && ignore.value().length > 0) {
            StringBuilder names = new StringBuilder();
            for (String s : ignore.value()) {
                names.append(names.length() == 0 ? "" : " || ").append("e.getKey().equals(\"").append(s).append("\")");
            }
            sb.append("                    if (").append(names).append(") {\n                        break;\n                    }\n");
        }
        sb.append("                    if (strict) {\n                        throw RecordTrees.unknown(at, e.getKey(), \"")
                .append(c.getSimpleName()).append("\");\n                    }\n")
                .append("            }\n        }\n")
                .append("        try {\n            return new ").append(name(c)).append("(");
        for (int i = 0; i < cs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("a").append(i);
        }
        sb.append(");\n        } catch (RuntimeException ex) {\n            throw RecordTrees.invalid(at, ex);\n        }\n    }\n");
    }

    /** RecordTrees' reader of each scalar component type. */
    private static final Map<Class<?>, String> SCALAR_READERS = Map.of(String.class, "readString", int.class, "readInt",
            Integer.class, "readInteger", long.class, "readLong", Long.class, "readLongObject", double.class, "readDouble",
            Double.class, "readDoubleObject", boolean.class, "readBoolean", Boolean.class, "readBooleanObject");

    /** The expression reading node {@code node} as {@code type}; a list of records by its type's list method (no lambda). */
    private static String readExpr(Type type, String node, String at) {
        Class<?> raw = raw(type);
        String reader = SCALAR_READERS.get(raw);
        if (reader != null) {
            return "RecordTrees." + reader + "(" + node + ", " + at + ")";
        }
        if (raw.isEnum()) {
            return "RecordTrees.readEnum(" + node + ", " + at + ", " + name(raw) + ".class)";
        }
        if (raw.isRecord()) {
            return "RecordTrees.isAbsent(" + node + ") ? null : r" + id(raw) + "(" + node + ", strict, " + at + ")";
        }
        if (raw == List.class) {
            Type item = argument(type, 0, at);
            return "RecordTrees.isAbsent(" + node + ") ? null : " + listOf(item, node, at);
        }
        if (raw == Map.class) {
            Type value = argument(type, 1, at);
            return "RecordTrees.isAbsent(" + node + ") ? null : " + mapOf(value, node, at);
        }
        throw new IllegalStateException(at + ": no JSON form for " + type.getTypeName());
    }

    private static String listOf(Type item, String node, String at) {
        Class<?> raw = raw(item);
        if (raw.isRecord()) {
            return "list" + id(raw) + "(" + node + ", strict, " + at + ")";
        }
        if (raw == String.class) {
            return "RecordTrees.readStrings(" + node + ", " + at + ")";
        }
        throw new IllegalStateException(at + ": a list of " + item.getTypeName() + " (lists of strings and of records only)");
    }

    private static String mapOf(Type value, String node, String at) {
        if (raw(value) == String.class) {
            return "RecordTrees.readStringMap(" + node + ", " + at + ")";
        }
        throw new IllegalStateException(at + ": a map of " + value.getTypeName() + " (maps of strings only)");
    }
}
