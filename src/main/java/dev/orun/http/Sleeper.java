package dev.orun.http;

import java.time.Duration;

/** Waits between retries; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    /**
     * Sleeps for real. A class, not a lambda: every command builds its context with this, and the first lambda of
     * a process starts the method-handle machinery (~6 ms, which a class-data archive of ours cannot hold).
     */
    Sleeper REAL = new Real();

    /** See {@link #REAL}. */
    final class Real implements Sleeper {
        private Real() {
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(d.toMillis());
        }
    }
}
