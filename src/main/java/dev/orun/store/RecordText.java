package dev.orun.store;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.UnaryOperator;

/**
 * Scrubs the fields of a run record (as a JSON tree) that carry agents' and models' text: each invocation's
 * {@code reason} and {@code stop_reason}; an attempt's {@code failure_reason}, validation messages and
 * {@code agent_run.detail}; the record's own validation messages; the messages of events not yet on disk. Ids, paths,
 * hashes, vars and the files a gate produced are never touched, nor is an attempt already sealed in its attempt file
 * (its copy in RUN.json must stay byte-equal to that file) or an event already chained.
 */
final class RecordText {
    private RecordText() {
    }

    /** Scrubs {@code run} in place; {@code eventsOnDisk} events are already chained. Returns whether anything changed. */
    static boolean scrubRun(ObjectNode run, int eventsOnDisk, UnaryOperator<String> scrub) {
        boolean changed = false;
        for (JsonNode inv : run.path("invocations")) {
            changed |= field(inv, "reason", scrub);
            changed |= field(inv, "stop_reason", scrub);
        }
        for (JsonNode g : run.path("gates")) {
            for (JsonNode a : g.path("attempts")) {
                if (a.path("file_sha256").isNull() || a.path("file_sha256").isMissingNode()) {
                    changed |= scrubAttempt(a, scrub);
                }
            }
        }
        for (JsonNode v : run.path("validations")) {
            changed |= field(v, "message", scrub);
        }
        JsonNode events = run.path("events");
        for (int i = eventsOnDisk; i < events.size(); i++) {
            changed |= field(events.get(i), "message", scrub);
        }
        return changed;
    }

    /** Scrubs an attempt's text fields in place. */
    static boolean scrubAttempt(JsonNode attempt, UnaryOperator<String> scrub) {
        boolean changed = field(attempt, "failure_reason", scrub);
        for (JsonNode v : attempt.path("validations")) {
            changed |= field(v, "message", scrub);
        }
        changed |= field(attempt.path("agent_run"), "detail", scrub);
        return changed;
    }

    private static boolean field(JsonNode node, String name, UnaryOperator<String> scrub) {
        if (!(node instanceof ObjectNode o) || !o.path(name).isString()) {
            return false;
        }
        String before = o.path(name).asString();
        String after = scrub.apply(before);
        if (after.equals(before)) {
            return false;
        }
        o.put(name, after);
        return true;
    }
}
