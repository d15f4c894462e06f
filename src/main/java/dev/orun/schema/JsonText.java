package dev.orun.schema;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * JSON text of a tree, written with Jackson's streaming generator alone (no mapper: the mapper's set-up is a
 * third of a write, see docs/performance.md): the on-disk form orun writes its files in ({@link #pretty}: component
 * order, two-space indent, LF, {@code "key": value}, a trailing newline) and the canonical form it hashes
 * ({@link #canonical}: keys sorted at every level, no insignificant whitespace). Both are the same text as
 * {@link Json#pretty} and {@link Json#canonicalByMaps} give for the same tree ({@code JsonTextTest}). Trees of
 * strings, booleans, nulls and int, long, big-integer and double numbers: the node types {@link TreeReader} and
 * {@link RecordTrees} make; any other node is refused with {@link IllegalArgumentException}.
 */
public final class JsonText {
    /** Jackson's factory, built only when its generator writes (a non-finite number; the tests' oracle). */
    private static final class Generators {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private JsonText() {
    }

    /** The pretty printer of orun's files (Jackson's writers take one instance per generator from it). */
    static PrettyPrinter prettyPrinter() {
        return new Indented();
    }

    /**
     * The deterministic on-disk form of a tree, ending in a newline. Written here by hand as {@link #canonical} is
     * (the same escaping and numbers), in component order with {@link Indented}'s layout: Jackson's factory and
     * generator, first used, cost a write ~10 ms interpreted. {@code JsonTextTest} holds it to the generator's text
     * ({@link #generatorPretty}) and to the mapper's on random trees of every character.
     */
    public static String pretty(JsonNode tree) {
        StringBuilder sb = new StringBuilder(4096);
        if (!pretty(sb, tree, 0)) {
            return generatorPretty(tree); // a non-finite double: the generator's own form
        }
        return sb.append('\n').toString();
    }

    /** The on-disk form through Jackson's generator and {@link Indented} (the definition {@link #pretty} matches). */
    static String generatorPretty(JsonNode tree) {
        StringWriter out = new StringWriter(4096);
        PrettyPrinter pp = new Indented();
        ObjectWriteContext context = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return pp;
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        try (JsonGenerator g = Generators.FACTORY.createGenerator(context, out)) {
            write(g, tree, false);
        }
        return out.append('\n').toString();
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n');
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    /** Appends the pretty text of {@code node} at {@code depth}; false when it holds a number only the generator writes. */
    private static boolean pretty(StringBuilder sb, JsonNode node, int depth) {
        if (node.isObject()) {
            sb.append('{');
            boolean any = false;
            for (java.util.Map.Entry<String, JsonNode> e : node.properties()) {
                if (any) {
                    sb.append(',');
                }
                any = true;
                newline(sb, depth + 1);
                string(sb, e.getKey());
                sb.append(": ");
                if (!pretty(sb, e.getValue(), depth + 1)) {
                    return false;
                }
            }
            if (any) {
                newline(sb, depth);
            }
            sb.append('}');
            return true;
        }
        if (node.isArray()) {
            sb.append('[');
            boolean any = false;
            for (JsonNode child : node.values()) {
                if (any) {
                    sb.append(',');
                }
                any = true;
                newline(sb, depth + 1);
                if (!pretty(sb, child, depth + 1)) {
                    return false;
                }
            }
            if (any) {
                newline(sb, depth);
            }
            sb.append(']');
            return true;
        }
        return scalar(sb, node);
    }

    public static byte[] prettyBytes(JsonNode tree) {
        return pretty(tree).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Canonical JSON of a tree: object keys sorted at every level, no insignificant whitespace. Written here by hand,
     * escaping as Jackson's generator escapes (a {@code "}, a backslash and the control characters; {@code \b \t \n
     * \f \r} short, the rest as a six-character u-escape (uppercase hex); nothing else), numbers as it writes them: every write digests its
     * record's state and every field of it, and the generator's first few thousand calls, interpreted, cost a write
     * ~20 ms more. {@code JsonTextTest} holds the two to one text on random trees of every character.
     */
    public static String canonical(JsonNode tree) {
        StringBuilder sb = new StringBuilder(1024);
        if (!canonical(sb, tree)) {
            return generatorCanonical(tree); // a non-finite double: the generator's own form
        }
        return sb.toString();
    }

    /** The canonical text through Jackson's generator (the definition {@link #canonical} matches). */
    static String generatorCanonical(JsonNode tree) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = Generators.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g, tree, true);
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Appends the canonical text of {@code node}; false when it holds a number only the generator writes. */
    private static boolean canonical(StringBuilder sb, JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>(node.propertyNames());
            Collections.sort(keys);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(sb, keys.get(i));
                sb.append(':');
                if (!canonical(sb, node.get(keys.get(i)))) {
                    return false;
                }
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            int i = 0;
            for (JsonNode child : node.values()) {
                if (i++ > 0) {
                    sb.append(',');
                }
                if (!canonical(sb, child)) {
                    return false;
                }
            }
            sb.append(']');
        } else {
            return scalar(sb, node);
        }
        return true;
    }

    /** Appends a scalar as the generator writes it; false for a non-finite double (the generator's own form). */
    private static boolean scalar(StringBuilder sb, JsonNode node) {
        if (node.isString()) {
            string(sb, node.asString());
        } else if (node instanceof IntNode) {
            sb.append(node.intValue());
        } else if (node instanceof LongNode) {
            sb.append(node.longValue());
        } else if (node instanceof BigIntegerNode) {
            sb.append(node.bigIntegerValue().toString());
        } else if (node instanceof DoubleNode) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                return false;
            }
            sb.append(tools.jackson.core.io.NumberOutput.toString(d, false));
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue() ? "true" : "false");
        } else if (node.isNull()) {
            sb.append("null");
        } else {
            throw new IllegalArgumentException("no JSON text for a " + node.getNodeType() + " node (" + node.getClass().getSimpleName() + ")");
        }
        return true;
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        sb.append('"');
    }

    /**
     * Canonical texts of many trees through one buffer: a seal digests every field of a record. The same text as
     * {@link #canonical} ({@code JsonTextTest} holds them to one on thousands of trees in a row). One thread.
     */
    public static final class CanonicalWriter {
        private final StringBuilder sb = new StringBuilder(256);

        public String of(JsonNode tree) {
            sb.setLength(0);
            return canonical(sb, tree) ? sb.toString() : generatorCanonical(tree);
        }
    }

    /** Whether every number of the tree is one {@link #canonical} writes itself (int, long, big integer, double). */
    static boolean plainNumbers(JsonNode node) {
        if (node.isNumber()) {
            return node instanceof IntNode || node instanceof LongNode || node instanceof BigIntegerNode
                    || node instanceof DoubleNode;
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                if (!plainNumbers(child)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void write(JsonGenerator g, JsonNode node, boolean sorted) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>(node.propertyNames());
            if (sorted) {
                Collections.sort(keys);
            }
            g.writeStartObject();
            for (String k : keys) {
                g.writeName(k);
                write(g, node.get(k), sorted);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode child : node.values()) {
                write(g, child, sorted);
            }
            g.writeEndArray();
        } else if (node.isString()) {
            g.writeString(node.asString());
        } else if (node instanceof IntNode) {
            g.writeNumber(node.intValue());
        } else if (node instanceof LongNode) {
            g.writeNumber(node.longValue());
        } else if (node instanceof BigIntegerNode) {
            g.writeNumber(node.bigIntegerValue());
        } else if (node instanceof DoubleNode) {
            g.writeNumber(node.doubleValue());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            g.writeNull();
        } else {
            throw new IllegalArgumentException("no JSON text for a " + node.getNodeType() + " node (" + node.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Two-space indent, LF, {@code "key": value}, {@code {}} and {@code []} when empty: what Jackson's
     * {@code DefaultPrettyPrinter} writes configured so, without its set-up (its separators are built by string
     * concatenation through invokedynamic, whose first bootstrap costs a short command ~10 ms).
     */
    private static final class Indented implements PrettyPrinter, tools.jackson.core.util.Instantiatable<PrettyPrinter> {
        private int nesting;

        @Override
        public PrettyPrinter createInstance() {
            return new Indented();
        }

        private void indent(JsonGenerator g) {
            g.writeRaw('\n');
            for (int i = 0; i < nesting; i++) {
                g.writeRaw("  ");
            }
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
            g.writeRaw(' ');
        }

        @Override
        public void writeStartObject(JsonGenerator g) {
            g.writeRaw('{');
            nesting++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) {
            indent(g);
        }

        @Override
        public void writeObjectNameValueSeparator(JsonGenerator g) {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) {
            g.writeRaw(',');
            indent(g);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) {
            nesting--;
            if (entries > 0) {
                indent(g);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) {
            nesting++;
            g.writeRaw('[');
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) {
            indent(g);
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) {
            g.writeRaw(',');
            indent(g);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) {
            nesting--;
            if (values > 0) {
                indent(g);
            }
            g.writeRaw(']');
        }
    }
}
