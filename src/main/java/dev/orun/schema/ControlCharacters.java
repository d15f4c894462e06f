package dev.orun.schema;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Control characters in the text of a workflow or contract. A NUL or an escape sequence in a gate's name, an agent
 * or a path would go into records, file names and terminals; the schemas' patterns cover ids, this covers every
 * string. Free text ({@code description}, {@code notes}, …) may hold tabs and line breaks; nothing may hold NUL,
 * ESC or the other C0/C1 controls.
 */
public final class ControlCharacters {
    /** Fields whose text may span lines. */
    private static final java.util.Set<String> MULTILINE = java.util.Set.of("description", "notes", "heuristic", "exec",
            "command", "pattern", "instructions", "prompt", "body", "summary");

    private ControlCharacters() {
    }

    /** Each string (keys included) holding a control character, as "pointer: …" problems; empty when there are none. */
    public static List<String> problems(JsonNode tree) {
        List<String> out = new ArrayList<>();
        if (!clean(tree, "")) {
            walk(tree, "", "", out);
        }
        return out;
    }

    /**
     * Whether no string of {@code node} (keys included) holds a control character: the walk below without its
     * pointers, which it spells only to name a problem (building one per field was most of a clean file's check).
     */
    static boolean clean(JsonNode node, String field) {
        if (node.isString()) {
            return first(node.asString(), MULTILINE.contains(field)) == null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!clean(node.get(i), field)) {
                    return false;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (first(e.getKey(), false) != null || !clean(e.getValue(), e.getKey())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The control-character problems of {@code tree} first, then {@code others} but those about the same field
     * (a pattern that a NUL broke says less than the NUL).
     */
    public static List<String> first(JsonNode tree, List<String> others) {
        if (tree == null || clean(tree, "")) {
            return others;
        }
        List<String> control = new ArrayList<>();
        walk(tree, "", "", control);
        List<String> out = new ArrayList<>(control);
        for (String o : others) {
            String at = o.substring(0, Math.max(o.indexOf(": "), 0));
            if (control.stream().noneMatch(c -> c.startsWith(at + ": "))) {
                out.add(o);
            }
        }
        return out;
    }

    /** The first control character of {@code s} as "U+0000", or null; {@code multiline} allows tab, LF and CR. */
    public static String first(String s, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
                continue;
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return String.format(Locale.ROOT, "U+%04X", (int) c);
            }
        }
        return null;
    }

    static void walk(JsonNode node, String pointer, String field, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            String bad = first(node.asString(), MULTILINE.contains(field));
            if (bad != null) {
                out.add((pointer.isEmpty() ? "/" : pointer) + ": contains the control character " + bad
                        + ": remove it (only free text such as a description may hold tabs and line breaks)");
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, field, out);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                String esc = key.replace("~", "~0").replace("/", "~1");
                String badKey = first(key, false);
                if (badKey != null) {
                    out.add(pointer + "/" + printable(esc) + ": the key contains the control character " + badKey + ": remove it");
                    continue;
                }
                walk(e.getValue(), pointer + "/" + esc, key, out);
            }
        }
    }

    /** {@code s} with each control character written as \\uXXXX, so that an error line stays one printable line. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
