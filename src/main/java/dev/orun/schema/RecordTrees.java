package dev.orun.schema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * orun's own records (Java records of strings, numbers, booleans, enums, lists, string-keyed maps and other such
 * records) to JSON trees and back, as {@link Json#STRICT} binds them: snake_case names in component order, nulls
 * written unless the component or the record says {@code @JsonInclude(NON_NULL)}, enums by name, unknown properties
 * refused (or, lenient, skipped) but for {@code @JsonIgnoreProperties}, the canonical constructor called. It does
 * what Jackson's mapper does for these shapes without building one: a write (read RUN.json, change it, write it)
 * then loads no deserializer or serializer factory — the mapper's set-up and the record's (de)serializers cost more
 * than the rest of a write (docs/performance.md). The per-record code is {@code RecordTreesTable}, which the build
 * writes from the records ({@code dev.orun.store.RecordCodecGenerator}: no reflection at run time); this class holds what it calls.
 * {@code RecordTreesTest} holds it to the mapper on every record type it binds. A shape it does not know is refused
 * with {@link IllegalArgumentException}, never guessed.
 */
public final class RecordTrees {
    /** The class the build writes ({@code dev.orun.store.RecordCodecGenerator}); the static helpers below are its calls. */
    public static final String TABLE_CLASS = "dev.orun.store.RecordTreesTable";
    /** The records bound here: RUN.json (and all it holds), and a run's lease; and every record type they reach. */
    public static final List<String> ROOTS = List.of("dev.orun.run.RunRecord", "dev.orun.store.RunLease");
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What the table answers for a type it does not hold. */
    public static final Object UNKNOWN = new Object();

    /** The table, loaded at the first binding (the build step that writes it reads ROOTS from here first). */
    private static final class Loaded {
        static final Table TABLE = table();
    }

    /** The code the build writes. */
    public interface Table {
        /** The tree of a record, or null when the type is not one of the table's. */
        ObjectNode write(Record r);

        /** The record of a type, or {@link #UNKNOWN} when the type is not one of the table's. */
        Object read(Class<?> type, JsonNode n, boolean strict, String at);
    }

    private RecordTrees() {
    }

    private static Table table() {
        try {
            return (Table) Class.forName(TABLE_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(TABLE_CLASS + " is missing: the build writes it "
                    + "(mvn process-classes)", e);
        }
    }

    /** The tree of a record (a JSON object), as {@code Json.STRICT.valueToTree} gives it. */
    public static ObjectNode toTree(Record value) {
        ObjectNode tree = Loaded.TABLE.write(value);
        if (tree == null) {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName() + ": not one of "
                    + ROOTS + " or what they hold");
        }
        return tree;
    }

    /** The tree of a list of records or plain values, as {@code Json.STRICT.valueToTree} gives it. */
    public static ArrayNode toTree(List<?> values) {
        return (ArrayNode) value(values);
    }

    /** The record a tree describes; unknown properties are refused, as {@code Json.STRICT.treeToValue} does. */
    public static <T extends Record> T fromTree(JsonNode tree, Class<T> type) {
        return type.cast(read(tree, type, true));
    }

    /** As {@link #fromTree}, unknown properties skipped ({@code Json.LENIENT}): for files orun wrote and may add to. */
    public static <T extends Record> T fromTreeLenient(JsonNode tree, Class<T> type) {
        return type.cast(read(tree, type, false));
    }

    private static Object read(JsonNode tree, Class<?> type, boolean strict) {
        Object v = Loaded.TABLE.read(type, tree, strict, "");
        if (v == UNKNOWN) {
            throw new IllegalArgumentException("no JSON form for " + type.getName() + ": not one of "
                    + ROOTS + " or what they hold");
        }
        return v;
    }

    /** The tree of any value a record holds, by its class at run time (as Jackson writes list and map elements). */
    public static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof String s) {
            return NODES.stringNode(s);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i.intValue());
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l.longValue());
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d.doubleValue());
        }
        if (v instanceof Enum<?> e) {
            return NODES.stringNode(e.name());
        }
        if (v instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            for (Object item : list) {
                out.add(value(item));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("a map key that is not a string: " + e.getKey());
                }
                out.set(key, value(e.getValue()));
            }
            return out;
        }
        if (v instanceof Record r) {
            return toTree(r);
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }

    public static boolean isAbsent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    public static void requireObject(JsonNode n, String at) {
        if (!n.isObject()) {
            throw mismatch(at, "an object", n);
        }
    }

    public static void requireArray(JsonNode n, String at) {
        if (!n.isArray()) {
            throw mismatch(at, "an array", n);
        }
    }

    public static String readString(JsonNode n, String at) {
        if (isAbsent(n)) {
            return null;
        }
        if (n.isContainer()) {
            throw mismatch(at, "a string", n);
        }
        return n.asString();
    }

    public static Integer readInteger(JsonNode n, String at) {
        if (isAbsent(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw mismatch(at, "an int", n);
        }
        return n.intValue();
    }

    public static int readInt(JsonNode n, String at) {
        Integer v = readInteger(n, at);
        return v == null ? 0 : v;
    }

    public static Long readLongObject(JsonNode n, String at) {
        if (isAbsent(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw mismatch(at, "a long", n);
        }
        return n.longValue();
    }

    public static long readLong(JsonNode n, String at) {
        Long v = readLongObject(n, at);
        return v == null ? 0L : v;
    }

    public static Double readDoubleObject(JsonNode n, String at) {
        if (isAbsent(n)) {
            return null;
        }
        if (!n.isNumber()) {
            throw mismatch(at, "a number", n);
        }
        return n.doubleValue();
    }

    public static double readDouble(JsonNode n, String at) {
        Double v = readDoubleObject(n, at);
        return v == null ? 0.0 : v;
    }

    public static Boolean readBooleanObject(JsonNode n, String at) {
        if (isAbsent(n)) {
            return null;
        }
        if (!n.isBoolean()) {
            throw mismatch(at, "a boolean", n);
        }
        return n.booleanValue();
    }

    public static boolean readBoolean(JsonNode n, String at) {
        Boolean v = readBooleanObject(n, at);
        return v != null && v;
    }

    public static <E extends Enum<E>> E readEnum(JsonNode n, String at, Class<E> type) {
        if (isAbsent(n)) {
            return null;
        }
        if (n.isString()) {
            for (E c : type.getEnumConstants()) {
                if (c.name().equals(n.asString())) {
                    return c;
                }
            }
        }
        throw mismatch(at, "one of " + List.of(type.getEnumConstants()), n);
    }

    public static List<String> readStrings(JsonNode n, String at) {
        requireArray(n, at);
        List<String> out = new ArrayList<>(n.size());
        int i = 0;
        for (JsonNode c : n.values()) {
            out.add(readString(c, at + "/" + i++));
        }
        return out;
    }

    public static Map<String, String> readStringMap(JsonNode n, String at) {
        requireObject(n, at);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            out.put(e.getKey(), readString(e.getValue(), at + "/" + e.getKey()));
        }
        return out;
    }

    public static IllegalArgumentException unknown(String at, String key, String record) {
        return new IllegalArgumentException(at + "/" + key + ": not a field of " + record);
    }

    /** A record's constructor refused what it was given (a required field missing: its name, as requireNonNull says). */
    public static IllegalArgumentException invalid(String at, RuntimeException cause) {
        return new IllegalArgumentException((at.isEmpty() ? "/" : at) + ": " + cause.getMessage()
                + (cause instanceof NullPointerException ? " is missing" : ""), cause);
    }

    private static IllegalArgumentException mismatch(String at, String wanted, JsonNode node) {
        return new IllegalArgumentException((at.isEmpty() ? "/" : at) + ": wants " + wanted + ", is " + node.getNodeType());
    }
}
