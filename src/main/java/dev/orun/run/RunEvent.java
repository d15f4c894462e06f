package dev.orun.run;

import static java.util.Objects.requireNonNull;

/**
 * An entry of the run's event chain. {@code sha256} is the SHA-256 of the event's canonical JSON
 * without that field; {@code prev} is the previous event's {@code sha256}.
 */
public record RunEvent(int seq, String timestamp, String type, String message, String gate, Integer attempt,
                       String prev, String sha256) {
    public RunEvent {
        requireNonNull(timestamp, "timestamp");
        requireNonNull(type, "type");
    }
}
