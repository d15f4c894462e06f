package dev.orun.gate;

/** Told how hashing advances, so a terminal can show a progress bar; domain code never draws it. */
public interface HashProgress {
    /** No progress shown (a class, not a lambda: gate finish loads no lambda factory for it). */
    HashProgress NONE = new HashProgress() {
        @Override
        public void advanced(long bytesDone, long bytesTotal) {
        }
    };

    void advanced(long bytesDone, long bytesTotal);

    default void finished() {
    }
}
