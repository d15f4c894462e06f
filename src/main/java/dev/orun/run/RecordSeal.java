package dev.orun.run;

import dev.orun.schema.JsonText;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The seal of an orun record: what makes every field of a committed RUN.json covered, not only its events.
 * <ul>
 *   <li>{@code events} and {@code head}: the number of events and the last one's {@code sha256} — the chain's
 *       tail anchor, so a removed or re-hashed last event shows;</li>
 *   <li>{@code state_sha256}: the SHA-256 of the record's state (every field but {@code events} and {@code seal});
 *       each event also carries the state digest of the write that appended it;</li>
 *   <li>{@code fields}: a 12-hex digest per field down to {@value #DEPTH} levels, only so that {@code run verify}
 *       can name the field an edit touched.</li>
 * </ul>
 * The hashes are not keyed: a consistent rewrite of a field, the state digest and the seal is not detectable
 * here (git history is the witness for that).
 */
public final class RecordSeal {
    static final int DEPTH = 4;
    private static final int MAX_NAMED = 8;

    private RecordSeal() {
    }

    /** The record's state: a copy of the tree without {@code events} and {@code seal}. */
    public static ObjectNode state(JsonNode record) {
        // Shallow: the state shares the record's nodes (no caller changes it), so the events are not copied.
        ObjectNode state = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            if (!e.getKey().equals("events") && !e.getKey().equals("seal")) {
                state.set(e.getKey(), e.getValue());
            }
        }
        return state;
    }

    public static String stateSha256(JsonNode record) {
        return Sha256.hex(JsonText.canonical(state(record)));
    }

    /** The seal of {@code record} as it is (its events included). */
    public static ObjectNode seal(JsonNode record) {
        return seal(record, null);
    }

    /** As {@link #seal(JsonNode)}, given the state's digest when the caller computed it already (null: computed here). */
    public static ObjectNode seal(JsonNode record, String stateSha256) {
        return seal(record, stateSha256, null);
    }

    /**
     * As {@link #seal(JsonNode, String)}, reusing the field digests of {@code previous} — a record whose seal orun
     * computed itself over that very record (one it wrote, or whose bytes its memo holds as written) — for each field
     * that is the same in both. Null: every digest is computed. The digest of an equal field is the same digest,
     * so the seal is the one {@link #seal(JsonNode)} makes (RecordSealTest holds the two equal).
     */
    public static ObjectNode seal(JsonNode record, String stateSha256, JsonNode previous) {
        ObjectNode state = state(record);
        JsonNode events = record.path("events");
        ObjectNode seal = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        seal.put("events", events.size());
        if (events.isEmpty()) {
            seal.putNull("head");
        } else {
            seal.put("head", events.get(events.size() - 1).path("sha256").asString());
        }
        seal.put("state_sha256", stateSha256 != null ? stateSha256 : Sha256.hex(JsonText.canonical(state)));
        ObjectNode fields = seal.putObject("fields");
        JsonNode before = previous == null ? null : previous.path("seal").get("fields");
        Map<String, String> digests = new TreeMap<>();
        walk(state, before != null && before.isObject() ? state(previous) : null, before, "", 0, digests,
                new JsonText.CanonicalWriter());
        for (Map.Entry<String, String> f : digests.entrySet()) {
            fields.put(f.getKey(), f.getValue());
        }
        return seal;
    }

    /** A short digest per field: leaves, empty containers and the nodes at {@value #DEPTH} levels. */
    static Map<String, String> fields(ObjectNode state) {
        Map<String, String> out = new TreeMap<>();
        walk(state, null, null, "", 0, out, new JsonText.CanonicalWriter());
        return out;
    }

    /**
     * Puts the digest of each field of {@code node} under {@code pointer}; {@code was} is the same place in the
     * previous state (or null), whose digests {@code sealed} holds: a field the same there keeps its digest.
     */
    private static void walk(JsonNode node, JsonNode was, JsonNode sealed, String pointer, int depth, Map<String, String> out,
                             JsonText.CanonicalWriter text) {
        boolean container = node.isObject() || node.isArray();
        if (depth > 0 && (!container || node.isEmpty() || depth == DEPTH)) {
            JsonNode kept = was == null ? null : sealed.get(pointer);
            if (kept != null && kept.isString() && kept.asString().length() == 12 && same(node, was)) {
                out.put(pointer, kept.asString());
            } else {
                out.put(pointer, Sha256.hex(text.of(node)).substring(0, 12));
            }
            return;
        }
        if (node.isArray()) {
            boolean alike = was != null && was.isArray();
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), alike ? was.get(i) : null, sealed, pointer + "/" + i, depth + 1, out, text);
            }
        } else {
            boolean alike = was != null && was.isObject();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                String escaped = key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
                walk(e.getValue(), alike ? was.get(key) : null, sealed, pointer + "/" + escaped, depth + 1, out, text);
            }
        }
    }

    private static boolean fitsLong(JsonNode n) {
        return n instanceof tools.jackson.databind.node.IntNode || n instanceof tools.jackson.databind.node.LongNode;
    }

    private static boolean integral(JsonNode n) {
        return fitsLong(n) || n instanceof tools.jackson.databind.node.BigIntegerNode;
    }

    /**
     * Whether two nodes have the same canonical text: the same kinds and values throughout (an integer the same value
     * whether an int, long or big-integer node; any other number the same class and value, so that 1 and 1.0 are
     * never taken for one another), keys in any order.
     */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == b) {
            return true;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !same(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber()) {
            // int, long and big-integer nodes of one value have one text (the reader and the binder pick different ones)
            if (fitsLong(a) && fitsLong(b)) {
                return a.longValue() == b.longValue();
            }
            if (integral(a) && integral(b)) {
                return a.bigIntegerValue().equals(b.bigIntegerValue());
            }
            return a.getClass() == b.getClass() && a.numberValue().equals(b.numberValue());
        }
        if (a.isString()) {
            return a.asString().equals(b.asString());
        }
        return a.equals(b); // booleans, null
    }

    /**
     * What breaks the seal of {@code record}, each naming the field (a JSON pointer). A record without a seal is
     * one written before orun sealed records — unless its events carry state digests, which only a sealing orun
     * writes: then the seal was removed.
     */
    public static List<String> verify(JsonNode record) {
        List<String> problems = new ArrayList<>();
        JsonNode seal = record.get("seal");
        JsonNode events = record.path("events");
        if (seal == null || seal.isNull()) {
            for (JsonNode e : events) {
                if (e.has("state_sha256")) {
                    problems.add("/seal: missing, but the events carry state digests: the seal was removed by hand");
                    break;
                }
            }
            return problems;
        }
        int sealed = seal.path("events").asInt();
        int n = events.size();
        if (n != sealed) {
            problems.add("/events: " + n + " events, the seal recorded " + sealed + " ("
                    + (n < sealed ? (sealed - n) + " removed from the end" : (n - sealed) + " added by hand") + ")");
        } else if (n > 0 && !Objects.equals(events.get(n - 1).path("sha256").asString(null), seal.path("head").asString(null))) {
            problems.add("/events/" + (n - 1) + ": the last event (" + events.get(n - 1).path("type").asString("")
                    + ") was edited or replaced after the record was sealed: its sha256 is not /seal/head");
        }
        ObjectNode state = state(record);
        Map<String, String> now = fields(state);
        Map<String, String> then = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : seal.path("fields").properties()) {
            then.put(e.getKey(), e.getValue().asString());
        }
        List<String> named = diff(then, now);
        boolean stateMatches = Sha256.hex(JsonText.canonical(state)).equals(seal.path("state_sha256").asString());
        if (!stateMatches) {
            if (named.isEmpty()) {
                problems.add("/seal/state_sha256: the record's state differs from its seal (a field and its digest in /seal/fields were edited)");
            } else {
                named.forEach(p -> problems.add(p + " after the record was sealed"));
            }
        } else if (!named.isEmpty()) {
            problems.add("/seal/fields: edited by hand (" + named.get(0) + ")");
        }
        return problems;
    }

    /** The fields that differ, collapsed to the shallowest pointer that was added or removed as a whole. */
    private static List<String> diff(Map<String, String> then, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, String> e : then.entrySet()) {
            String current = now.get(e.getKey());
            if (current == null) {
                removed.add(e.getKey());
            } else if (!current.equals(e.getValue())) {
                out.add(e.getKey() + ": changed");
            }
        }
        for (String p : now.keySet()) {
            if (!then.containsKey(p)) {
                added.add(p);
            }
        }
        collapse(removed, now).forEach(p -> out.add(p + ": removed"));
        collapse(added, then).forEach(p -> out.add(p + ": added"));
        if (out.size() > MAX_NAMED) {
            int more = out.size() - MAX_NAMED;
            List<String> cut = new ArrayList<>(out.subList(0, MAX_NAMED));
            cut.set(MAX_NAMED - 1, cut.get(MAX_NAMED - 1) + " (and " + (more + 1) + " more)");
            return cut;
        }
        return out;
    }

    /** Each pointer cut to its shallowest ancestor under which {@code other} has nothing. */
    private static List<String> collapse(List<String> pointers, Map<String, String> other) {
        List<String> out = new ArrayList<>();
        for (String p : pointers) {
            String cut = p;
            int from = 1;
            for (int slash = p.indexOf('/', from); ; slash = p.indexOf('/', slash + 1)) {
                String prefix = slash < 0 ? p : p.substring(0, slash);
                if (prefix.isEmpty()) {
                    continue;
                }
                if (!hasUnder(other, prefix)) {
                    cut = prefix;
                    break;
                }
                if (slash < 0) {
                    break;
                }
            }
            if (!out.contains(cut)) {
                out.add(cut);
            }
        }
        return out;
    }

    private static boolean hasUnder(Map<String, String> fields, String prefix) {
        if (fields.containsKey(prefix)) {
            return true;
        }
        Iterator<String> it = ((TreeMap<String, String>) fields).tailMap(prefix + "/").keySet().iterator();
        return it.hasNext() && it.next().startsWith(prefix + "/");
    }
}
