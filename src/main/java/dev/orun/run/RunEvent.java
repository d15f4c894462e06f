package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import static java.util.Objects.requireNonNull;

/**
 * An entry of the run's event chain. {@code sha256} is the SHA-256 of the event's canonical JSON
 * without that field; {@code prev} is the previous event's {@code sha256}. {@code stateSha256} is the digest of
 * the record's state once the write that appended the event was done (see {@link RecordSeal}); events written
 * before orun sealed records have none, and leaving it out keeps their hashes what they were.
 */
public record RunEvent(int seq, String timestamp, String type, String message, String gate, Integer attempt,
                       String prev, String sha256, @JsonInclude(JsonInclude.Include.NON_NULL) String stateSha256) {
    @com.fasterxml.jackson.annotation.JsonCreator
    public RunEvent {
        requireNonNull(timestamp, "timestamp");
        requireNonNull(type, "type");
    }

    public RunEvent(int seq, String timestamp, String type, String message, String gate, Integer attempt, String prev, String sha256) {
        this(seq, timestamp, type, message, gate, attempt, prev, sha256, null);
    }
}
