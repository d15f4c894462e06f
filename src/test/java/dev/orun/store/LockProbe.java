package dev.orun.store;

import dev.orun.error.OrunException;

import java.nio.file.Path;
import java.time.Duration;

/** Test child process: tries a lock file for a moment and prints "acquired" or "busy". */
public final class LockProbe {
    public static void main(String[] args) {
        try (RunLock ignored = RunLock.acquire(Path.of(args[0]), Duration.ofMillis(Long.parseLong(args[1])), "probe")) {
            System.out.println("acquired");
        } catch (OrunException e) {
            System.out.println("busy");
        }
    }
}
