package dev.orun.gate;

/** Told how hashing advances, so a terminal can show a progress bar; domain code never draws it. */
public interface HashProgress {
    HashProgress NONE = (done, total) -> {
    };

    void advanced(long bytesDone, long bytesTotal);

    default void finished() {
    }
}
