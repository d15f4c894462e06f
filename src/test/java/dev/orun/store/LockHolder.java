package dev.orun.store;

import java.nio.file.Path;
import java.time.Duration;

/** Test child process: takes a run's lock, says so on stdout, and holds it until killed. */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]), Duration.ofSeconds(10), "test")) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
