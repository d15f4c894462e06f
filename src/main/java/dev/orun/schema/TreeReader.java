package dev.orun.schema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON already known to be valid (a record whose bytes passed the schema before, see
 * {@code ValidatedRecords}) into a tree, by hand. Jackson's own parser costs ~10 ms to start in a fresh JVM
 * (factory, symbol tables, buffer recyclers), a sixth of a {@code run show}; this strict RFC 8259 reader costs
 * a fraction of that. It gives the same tree as {@link Json#STRICT}'s {@code readTree} — same node types
 * (int, long, BigInteger, double), same key order — and refuses (a duplicate key among it) what it refuses
 * (TreeReaderTest checks both on every record shape orun reads and on edge cases). Anything it refuses throws
 * {@link IllegalArgumentException}; callers then validate in full, which reports the problem properly.
 */
public final class TreeReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 1000;

    private final String s;
    private int at;

    private TreeReader(String s) {
        this.s = s;
        this.at = s.startsWith("\uFEFF") ? 1 : 0;
    }

    public static JsonNode read(byte[] json) {
        // The String constructor's decoding (a copy for ASCII, cold ~5x fewer steps than a CharsetDecoder's loop over a
        // run start's 18 contracts) replaces each malformed sequence with U+FFFD: only a text holding one is decoded
        // again, strictly, to tell a malformed file from one that holds U+FFFD itself.
        String text = new String(json, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(json)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("not UTF-8", e);
            }
        }
        TreeReader r = new TreeReader(text);
        r.skipSpace();
        JsonNode node = r.value(0);
        r.skipSpace();
        if (r.at != text.length()) {
            throw r.error("trailing characters after the JSON value");
        }
        return node;
    }

    private JsonNode value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        char c = peek();
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return NODES.stringNode(string());
            case 't':
                literal("true");
                return NODES.booleanNode(true);
            case 'f':
                literal("false");
                return NODES.booleanNode(false);
            case 'n':
                literal("null");
                return NODES.nullNode();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private ObjectNode object(int depth) {
        ObjectNode o = NODES.objectNode();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return o;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a property name");
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (o.has(name)) {
                throw error("duplicate key \"" + name + "\"");
            }
            o.set(name, value(depth + 1));
            skipSpace();
            char c = next();
            if (c == '}') {
                return o;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private ArrayNode array(int depth) {
        ArrayNode a = NODES.arrayNode();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return a;
        }
        while (true) {
            skipSpace();
            a.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        at++; // the opening quote
        int start = at;
        // Fast path: no escapes.
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c == '"') {
                return s.substring(start, at++);
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            at++;
        }
        StringBuilder sb = new StringBuilder(s.length() - start).append(s, start, at);
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(at++), 16);
                        if (d < 0 || s.charAt(at - 1) > 'f') {
                            throw error("bad \\u escape");
                        }
                        v = v * 16 + d;
                    }
                    sb.append((char) v);
                }
                default -> throw error("bad escape");
            }
        }
    }

    private JsonNode number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        int intStart = at;
        if (peek() == '0') {
            at++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (at < s.length() && isDigit(s.charAt(at))) {
                at++;
            }
        } else {
            throw error("bad number");
        }
        int intEnd = at;
        boolean integral = true;
        if (at < s.length() && s.charAt(at) == '.') {
            integral = false;
            at++;
            digits();
        }
        if (at < s.length() && (s.charAt(at) == 'e' || s.charAt(at) == 'E')) {
            integral = false;
            at++;
            if (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) {
                at++;
            }
            digits();
        }
        String text = s.substring(start, at);
        if (!integral) {
            return NODES.numberNode(Double.parseDouble(text));
        }
        int length = intEnd - intStart;
        if (length <= 9) {
            return NODES.numberNode(Integer.parseInt(text));
        }
        if (length <= 18) {
            long v = Long.parseLong(text);
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        BigInteger big = new BigInteger(text);
        return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }

    private void digits() {
        int from = at;
        while (at < s.length() && isDigit(s.charAt(at))) {
            at++;
        }
        if (at == from) {
            throw error("bad number");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!s.startsWith(word, at)) {
            throw error("bad literal");
        }
        at += word.length();
    }

    private void skipSpace() {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        if (at >= s.length()) {
            throw error("unexpected end of input");
        }
        return s.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + at);
    }
}
