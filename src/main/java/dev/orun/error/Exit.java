package dev.orun.error;

/** orun's exit codes (DESIGN 3). */
public enum Exit {
    OK(0, "done; the gate, run or check passed"),
    FAILED(1, "a gate, validation, verification or run failed"),
    USAGE(2, "usage error (unknown option, missing argument, bad value)"),
    NOT_FOUND(3, "not found (run, gate, workflow, contract)"),
    INVALID(4, "invalid or corrupt input: a file breaks its schema, a contract is malformed, a path escapes the repository"),
    EXTERNAL(5, "an external service failed after retries (LLM, GitHub)"),
    LOCKED(6, "the run is locked by another process past --lock-timeout, or driven by another orun"),
    PAUSED(10, "paused: the pipeline waits for a person");

    private final int code;
    private final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
