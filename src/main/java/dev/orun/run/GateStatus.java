package dev.orun.run;

/** A gate's status; a warning never fails a gate. */
public enum GateStatus {
    NOT_STARTED, RUNNING, PASS, FAIL
}
