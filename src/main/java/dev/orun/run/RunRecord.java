package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * {@code record/RUN.json}, schema version 1. Component order is the on-disk field order. The {@code seal} the store
 * adds on write (see {@link RecordSeal}) is not part of the model.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"seal"})
public record RunRecord(
        int schemaVersion,
        String runId,
        WorkflowRef workflow,
        String depth,
        Map<String, String> vars,
        PromptRef prompt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String replayOf,
        RunStatus status,
        String startedAt,
        String finishedAt,
        List<GateState> gates,
        List<Invocation> invocations,
        List<IndexedArtifact> artifactsIndex,
        List<ValidationResult> validations,
        List<RunEvent> events) {

    public static final int SCHEMA_VERSION = 1;

    /** The depths a run may have, the one list: run start checks --depth by it, completion offers it, contracts check wants a threshold for each. */
    public static final List<String> DEPTHS = List.of("quick", "standard", "deep");

    public RunRecord {
        requireNonNull(runId, "run_id");
        requireNonNull(workflow, "workflow");
        requireNonNull(status, "status");
        requireNonNull(startedAt, "started_at");
        vars = vars == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(vars));
        gates = gates == null ? List.of() : List.copyOf(gates);
        invocations = invocations == null ? List.of() : List.copyOf(invocations);
        artifactsIndex = artifactsIndex == null ? List.of() : List.copyOf(artifactsIndex);
        validations = validations == null ? List.of() : List.copyOf(validations);
        events = events == null ? List.of() : List.copyOf(events);
    }

    @JsonIgnore
    public GateState gate(String id) {
        for (GateState g : gates) {
            if (g.gate().equals(id)) {
                return g;
            }
        }
        return null;
    }

    @JsonIgnore
    public Invocation invocation(String id) {
        for (Invocation i : invocations) {
            if (i.invocationId().equals(id)) {
                return i;
            }
        }
        return null;
    }

    /**
     * This run with another status. {@code finished_at} is the end of a run that ended for good: it is kept only for a
     * final status, and null otherwise (INTERRUPTED and PAUSED are resumable, so they have not finished).
     */
    public RunRecord withStatus(RunStatus newStatus, String newFinishedAt) {
        return new RunRecord(schemaVersion, runId, workflow, depth, vars, prompt, replayOf, newStatus, startedAt,
                newStatus.isFinal() ? newFinishedAt : null, gates, invocations, artifactsIndex, validations, events);
    }

    public RunRecord withGate(GateState gate) {
        List<GateState> list = new ArrayList<>(gates);
        int i = indexOfGate(gate.gate());
        if (i >= 0) {
            list.set(i, gate);
        } else {
            list.add(gate);
        }
        return new RunRecord(schemaVersion, runId, workflow, depth, vars, prompt, replayOf, status, startedAt,
                finishedAt, list, invocations, artifactsIndex, validations, events);
    }

    /** Adds the invocation, or replaces the one with the same id in place. */
    public RunRecord withInvocation(Invocation invocation) {
        List<Invocation> list = new ArrayList<>(invocations);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).invocationId().equals(invocation.invocationId())) {
                list.set(i, invocation);
                return withInvocations(list);
            }
        }
        list.add(invocation);
        return withInvocations(list);
    }

    private RunRecord withInvocations(List<Invocation> list) {
        return new RunRecord(schemaVersion, runId, workflow, depth, vars, prompt, replayOf, status, startedAt,
                finishedAt, gates, list, artifactsIndex, validations, events);
    }

    /** Upserts artifacts by path: a new hash of a known path replaces the old entry in place. */
    public RunRecord withArtifacts(List<IndexedArtifact> artifacts) {
        List<IndexedArtifact> list = new ArrayList<>(artifactsIndex);
        for (IndexedArtifact a : artifacts) {
            boolean replaced = false;
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).path().equals(a.path())
                        && java.util.Objects.equals(list.get(i).resolvedPath(), a.resolvedPath())) {
                    list.set(i, a);
                    replaced = true;
                    break;
                }
            }
            if (!replaced) {
                list.add(a);
            }
        }
        return new RunRecord(schemaVersion, runId, workflow, depth, vars, prompt, replayOf, status, startedAt,
                finishedAt, gates, invocations, list, validations, events);
    }

    public RunRecord withValidations(List<ValidationResult> newValidations) {
        return new RunRecord(schemaVersion, runId, workflow, depth, vars, prompt, replayOf, status, startedAt,
                finishedAt, gates, invocations, artifactsIndex, newValidations, events);
    }

    /** Appends an event to the hash chain. */
    public RunRecord withEvent(String timestamp, String type, String message, String gate, Integer attempt) {
        List<RunEvent> list = new ArrayList<>(events);
        list.add(EventChain.next(events, timestamp, type, message, gate, attempt));
        return new RunRecord(schemaVersion, runId, workflow, depth, vars, prompt, replayOf, status, startedAt,
                finishedAt, gates, invocations, artifactsIndex, validations, list);
    }

    /** The same record with these events (the store stamps the events a write appends). */
    public RunRecord withEvents(List<RunEvent> newEvents) {
        return new RunRecord(schemaVersion, runId, workflow, depth, vars, prompt, replayOf, status, startedAt,
                finishedAt, gates, invocations, artifactsIndex, validations, newEvents);
    }

    private int indexOfGate(String id) {
        for (int i = 0; i < gates.size(); i++) {
            if (gates.get(i).gate().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
