package dev.orun.run;

/** A run's status; the last three are final and set {@code finished_at}; the others have none (INTERRUPTED and PAUSED resume). */
public enum RunStatus {
    QUEUED, RUNNING, PAUSED, INTERRUPTED, PASSED, FAILED, CANCELED;

    public boolean isFinal() {
        return this == PASSED || this == FAILED || this == CANCELED;
    }
}
