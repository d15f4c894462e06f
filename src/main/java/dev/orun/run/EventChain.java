package dev.orun.run;

import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The hash chain over a run's events, which makes hand edits to RUN.json visible. */
public final class EventChain {
    private EventChain() {
    }

    static RunEvent next(List<RunEvent> events, String timestamp, String type, String message, String gate, Integer attempt) {
        RunEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        int seq = last == null ? 1 : last.seq() + 1;
        String prev = last == null ? null : last.sha256();
        RunEvent unsigned = new RunEvent(seq, timestamp, type, message, gate, attempt, prev, null);
        return new RunEvent(seq, timestamp, type, message, gate, attempt, prev, hash(unsigned));
    }

    /** SHA-256 of the event's canonical JSON (sorted keys, no whitespace) without its {@code sha256} field. */
    public static String hash(RunEvent event) {
        ObjectNode node = dev.orun.schema.RecordTrees.toTree(event);
        node.remove("sha256");
        return Sha256.hex(dev.orun.schema.JsonText.canonical(node));
    }

    /** Problems in the chain, each naming the event by its JSON pointer; empty when intact. */
    public static List<String> verify(List<RunEvent> events) {
        List<String> problems = new ArrayList<>();
        String prev = null;
        for (int i = 0; i < events.size(); i++) {
            RunEvent e = events.get(i);
            String where = "/events/" + i;
            if (e.seq() != i + 1) {
                problems.add(where + "/seq: is " + e.seq() + ", the chain wants " + (i + 1));
            }
            if (!java.util.Objects.equals(e.prev(), prev)) {
                problems.add(where + "/prev: does not match the previous event's sha256 (an event was removed, added or reordered)");
            }
            String actual = hash(e);
            if (!actual.equals(e.sha256())) {
                problems.add(where + "/sha256: event content changed after it was recorded (" + e.type() + ")");
            }
            prev = e.sha256();
        }
        return problems;
    }
}
