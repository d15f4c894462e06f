package dev.orun.schema;

/** One schema failure: where (a JSON pointer) and what. */
public record Violation(String pointer, String message) {
    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
