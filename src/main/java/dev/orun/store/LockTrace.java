package dev.orun.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Opt-in timing of a run lock's hold ({@code ORUN_TRACE_LOCK=FILE}): each release appends one line
 * {@code <command> <held_ms> <what> <cpu_ms>} to {@code logs/FILE} of the run. One small append per line, so lines of parallel
 * processes do not interleave. Best effort: a trace that cannot be written never fails the command.
 */
record LockTrace(String fileName, String command) {
    /** The trace, or null when {@code fileName} is unset or is not a plain file name (it stays inside logs/). */
    static LockTrace of(String fileName, String command) {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")
                || fileName.startsWith(".")) {
            return null;
        }
        return new LockTrace(fileName, command == null || command.isBlank() ? "orun" : command.strip().replace(' ', '-'));
    }

    /** CPU time of this thread so far: the wall time of a hold on a loaded machine is mostly waiting for a core. */
    long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** {@code what}: what the holder did ("wrote", "changed" when another writer came first, "held"). */
    void append(Path logsDir, double heldMs, double cpuMs, String what) {
        String line = command + " " + String.format(Locale.ROOT, "%.1f", heldMs) + " " + what + " "
                + String.format(Locale.ROOT, "%.1f", cpuMs) + "\n";
        try {
            Files.write(logsDir.resolve(fileName), line.getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            // timing is a diagnostic: never the reason a write fails
        }
    }
}
