package dev.orun.run;

/** An agent invocation's status. */
public enum InvocationStatus {
    RUNNING, SUCCESS, FAIL, INTERRUPTED
}
