package dev.orun.run;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A gate of a run and its attempts, newest last. */
public record GateState(String gate, String name, GateStatus status, List<Attempt> attempts) {
    public GateState {
        requireNonNull(gate, "gate");
        requireNonNull(status, "status");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    public Attempt lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    /** This gate with its last attempt replaced (or {@code attempt} appended when it is a new number). */
    public GateState withAttempt(Attempt attempt) {
        List<Attempt> list = new ArrayList<>(attempts);
        Attempt last = lastAttempt();
        if (last != null && last.attempt() == attempt.attempt()) {
            list.set(list.size() - 1, attempt);
        } else {
            list.add(attempt);
        }
        return new GateState(gate, name, attempt.status(), list);
    }
}
