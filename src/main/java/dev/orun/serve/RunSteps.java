package dev.orun.serve;

import dev.orun.run.RunEvent;
import dev.orun.run.RunRecord;
import dev.orun.run.Times;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's {@code current_step}: a step reached is a {@code STEP_REACHED} event in the run's chain, appended the
 * first time the step is reached and never again, so the step timestamps are the events' timestamps.
 */
final class RunSteps {
    static final String EVENT = "STEP_REACHED";
    private static final Pattern MESSAGE = Pattern.compile("^Reached step '([a-z0-9][a-z0-9_.-]{0,63})'$");

    private final RunStore store;
    private final Clock clock;

    RunSteps(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Makes {@code step} the run's current step, under the run's lock, as the seed's PATCH does: an event when the
     * step changes (the first such event of a step is its timestamp); reporting the current step again changes nothing.
     */
    RunRecord reach(String runId, String step) {
        return store.update(runId, run -> {
            String current = null;
            for (RunEvent e : run.events()) {
                if (EVENT.equals(e.type()) && stepOf(e.message()) != null) {
                    current = stepOf(e.message());
                }
            }
            if (step.equals(current)) {
                return run;
            }
            // A finished run still takes a step report (as it takes a dispatch): the seed's planner reports "export" after
            // its pack made the run PASSED. The step is bookkeeping in the chain; the run's status does not change.
            return run.withEvent(Times.iso(clock.instant()), EVENT, "Reached step '" + step + "'", null, null);
        });
    }

    /** Step name to the time it was first reached, from a record's events (orun's or legacy: legacy has none). */
    static Map<String, String> timestamps(JsonNode run) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : run.path("events")) {
            if (EVENT.equals(e.path("type").asString(""))) {
                String step = stepOf(e.path("message").asString(""));
                if (step != null) {
                    out.putIfAbsent(step, e.path("timestamp").asString(""));
                }
            }
        }
        return out;
    }

    static String stepOf(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = MESSAGE.matcher(message);
        return m.matches() ? m.group(1) : null;
    }
}
