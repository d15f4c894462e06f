package dev.orun.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's process id, read from {@code /proc/self} on Linux: {@link ProcessHandle#current()} starts the JDK's
 * process machinery (its class initialisation and reaper set-up, ~5 ms of a short write, interpreted), which a
 * temp file's name and a lease's owner check do not need. Elsewhere, and if {@code /proc} cannot be read, the
 * JDK's answer ({@code ThisProcessTest} holds the two to one).
 */
public final class ThisProcess {
    private static volatile long pid = -1;

    private ThisProcess() {
    }

    public static long pid() {
        long p = pid;
        if (p < 0) {
            p = fromProc();
            if (p <= 0) {
                p = ProcessHandle.current().pid();
            }
            pid = p;
        }
        return p;
    }

    /** The pid {@code /proc/self} links to, or -1. */
    static long fromProc() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (java.io.IOException | RuntimeException e) { // no /proc, or not a number
            return -1;
        }
    }
}
