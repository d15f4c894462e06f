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
        ObjectNode state = ((ObjectNode) record).deepCopy();
        state.remove("events");
        state.remove("seal");
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
        for (Map.Entry<String, String> f : fields(state).entrySet()) {
            fields.put(f.getKey(), f.getValue());
        }
        return seal;
    }

    /** A short digest per field: leaves, empty containers and the nodes at {@value #DEPTH} levels. */
    static Map<String, String> fields(ObjectNode state) {
        Map<String, String> out = new TreeMap<>();
        walk(state, "", 0, out, new JsonText.CanonicalWriter());
        return out;
    }

    private static void walk(JsonNode node, String pointer, int depth, Map<String, String> out, JsonText.CanonicalWriter text) {
        boolean container = node.isObject() || node.isArray();
        if (depth > 0 && (!container || node.isEmpty() || depth == DEPTH)) {
            out.put(pointer, Sha256.hex(text.of(node)).substring(0, 12));
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, depth + 1, out, text);
            }
        } else {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), depth + 1, out, text);
            }
        }
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
