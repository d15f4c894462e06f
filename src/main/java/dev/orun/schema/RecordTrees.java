package dev.orun.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * orun's own records (Java records of strings, numbers, booleans, enums, lists, string-keyed maps and other such
 * records) to JSON trees and back, as {@link Json#STRICT} binds them: snake_case names in component order, nulls
 * written unless the component or the record says {@code @JsonInclude(NON_NULL)}, enums by name, unknown properties
 * refused (or, lenient, skipped) but for {@code @JsonIgnoreProperties}, the canonical constructor called. It does
 * what Jackson's mapper does for these shapes without building one: a write (read RUN.json, change it, write it)
 * then loads no deserializer or serializer factory — the mapper's set-up and the record's (de)serializers cost more
 * than the rest of a write (docs/performance.md). {@code RecordTreesTest} holds it to the mapper on every record
 * type it binds, field by field and on whole records of the seed's runs. A shape it does not know is refused with
 * {@link IllegalArgumentException}, never guessed.
 */
public final class RecordTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private RecordTrees() {
    }

    /** The tree of a record (a JSON object), as {@code Json.STRICT.valueToTree} gives it. */
    public static ObjectNode toTree(Record value) {
        return (ObjectNode) write(value);
    }

    /** The tree of a list of records or plain values, as {@code Json.STRICT.valueToTree} gives it. */
    public static ArrayNode toTree(List<?> values) {
        return (ArrayNode) write(values);
    }

    /** The record a tree describes; unknown properties are refused, as {@code Json.STRICT.treeToValue} does. */
    public static <T extends Record> T fromTree(JsonNode tree, Class<T> type) {
        return type.cast(read(tree, type, true, ""));
    }

    /** As {@link #fromTree}, unknown properties skipped ({@code Json.LENIENT}): for files orun wrote and may add to. */
    public static <T extends Record> T fromTreeLenient(JsonNode tree, Class<T> type) {
        return type.cast(read(tree, type, false, ""));
    }

    private static JsonNode write(Object v) {
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
        if (v instanceof JsonNode n) {
            return n.deepCopy();
        }
        if (v instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            for (Object item : list) {
                out.add(write(item));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("a map key that is not a string: " + e.getKey());
                }
                out.set(key, write(e.getValue()));
            }
            return out;
        }
        if (v instanceof Record r) {
            Shape shape = shape(r.getClass());
            ObjectNode out = NODES.objectNode();
            for (Part p : shape.parts) {
                Object value = p.get(r);
                if (value == null && p.omitNull) {
                    continue;
                }
                out.set(p.name, write(value));
            }
            return out;
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }

    private static Object read(JsonNode node, Type type, boolean strict, String at) {
        Class<?> raw = rawClass(type);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return primitiveDefault(raw);
        }
        if (raw == String.class) {
            if (node.isContainer()) {
                throw mismatch(at, "a string", node);
            }
            return node.asString();
        }
        if (raw == int.class || raw == Integer.class) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw mismatch(at, "an int", node);
            }
            return node.intValue();
        }
        if (raw == long.class || raw == Long.class) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw mismatch(at, "a long", node);
            }
            return node.longValue();
        }
        if (raw == double.class || raw == Double.class) {
            if (!node.isNumber()) {
                throw mismatch(at, "a number", node);
            }
            return node.doubleValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!node.isBoolean()) {
                throw mismatch(at, "a boolean", node);
            }
            return node.booleanValue();
        }
        if (raw.isEnum()) {
            if (!node.isString()) {
                throw mismatch(at, "one of " + List.of(raw.getEnumConstants()), node);
            }
            for (Object c : raw.getEnumConstants()) {
                if (((Enum<?>) c).name().equals(node.asString())) {
                    return c;
                }
            }
            throw mismatch(at, "one of " + List.of(raw.getEnumConstants()), node);
        }
        if (raw == List.class) {
            if (!node.isArray()) {
                throw mismatch(at, "an array", node);
            }
            Type item = typeArgument(type, 0, at);
            List<Object> out = new ArrayList<>(node.size());
            int i = 0;
            for (JsonNode child : node.values()) {
                out.add(read(child, item, strict, at + "/" + i++));
            }
            return out;
        }
        if (raw == Map.class) {
            if (!node.isObject()) {
                throw mismatch(at, "an object", node);
            }
            if (typeArgument(type, 0, at) != String.class) {
                throw new IllegalArgumentException(at + ": a map whose keys are not strings");
            }
            Type value = typeArgument(type, 1, at);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), read(e.getValue(), value, strict, at + "/" + e.getKey()));
            }
            return out;
        }
        if (raw.isRecord()) {
            if (!node.isObject()) {
                throw mismatch(at, "an object", node);
            }
            Shape shape = shape(raw);
            Object[] args = new Object[shape.parts.size()];
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Integer i = shape.index.get(e.getKey());
                if (i == null) {
                    if (strict && !shape.ignored.contains(e.getKey())) {
                        throw new IllegalArgumentException(at + "/" + e.getKey() + ": not a field of " + raw.getSimpleName());
                    }
                    continue;
                }
                Part p = shape.parts.get(i);
                args[i] = read(e.getValue(), p.type, strict, at + "/" + p.name);
            }
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    args[i] = primitiveDefault(shape.parts.get(i).raw);
                }
            }
            return shape.construct(args, at);
        }
        throw new IllegalArgumentException(at + ": no JSON form for " + type.getTypeName());
    }

    private static Object primitiveDefault(Class<?> raw) {
        if (!raw.isPrimitive()) {
            return null;
        }
        if (raw == boolean.class) {
            return false;
        }
        if (raw == long.class) {
            return 0L;
        }
        if (raw == double.class) {
            return 0.0;
        }
        return 0;
    }

    private static IllegalArgumentException mismatch(String at, String wanted, JsonNode node) {
        return new IllegalArgumentException((at.isEmpty() ? "/" : at) + ": wants " + wanted + ", is " + node.getNodeType());
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalArgumentException("no JSON form for " + type.getTypeName());
    }

    private static Type typeArgument(Type type, int i, String at) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalArgumentException(at + ": a raw " + type.getTypeName() + " (no element type)");
    }

    private static Shape shape(Class<?> type) {
        Shape s = SHAPES.get(type);
        if (s == null) {
            s = new Shape(type);
            SHAPES.put(type, s);
        }
        return s;
    }

    /** One component: its JSON name, its type, and how it is read (the record's private field: no accessor call). */
    private record Part(String name, Type type, Class<?> raw, boolean omitNull, Field field) {
        Object get(Record r) {
            try {
                return field.get(r);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A record type's components and canonical constructor. */
    private static final class Shape {
        final List<Part> parts = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();
        final Set<String> ignored;
        final Constructor<?> constructor;

        Shape(Class<?> type) {
            JsonInclude all = type.getAnnotation(JsonInclude.class);
            boolean omitAll = all != null && all.value() == JsonInclude.Include.NON_NULL;
            JsonIgnoreProperties ignore = type.getAnnotation(JsonIgnoreProperties.class);
            ignored = ignore == null ? Set.of() : Set.of(ignore.value());
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                try {
                    Field f = type.getDeclaredField(c.getName());
                    f.setAccessible(true);
                    // A component's @JsonInclude lands on its field (the annotation does not target record components).
                    JsonInclude one = f.getAnnotation(JsonInclude.class);
                    boolean omit = one != null ? one.value() == JsonInclude.Include.NON_NULL : omitAll;
                    parts.add(new Part(snakeCase(c.getName()), c.getGenericType(), c.getType(), omit, f));
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
                index.put(snakeCase(c.getName()), i);
            }
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        Object construct(Object[] args, String at) {
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new IllegalArgumentException((at.isEmpty() ? "/" : at) + ": " + cause.getMessage()
                        + (cause instanceof NullPointerException ? " is missing" : ""), cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Jackson's {@code SNAKE_CASE} of a component name: an upper-case letter becomes '_' and its lower case. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        boolean prevUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
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
}
