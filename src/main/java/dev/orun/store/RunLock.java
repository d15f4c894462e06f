package dev.orun.store;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One writer per run: an OS file lock on {@code logs/run.lock}, waited for up to a timeout.
 *
 * <p>OS file locks belong to the process, and closing any channel of the file releases them all (POSIX): a
 * second thread of this JVM that opened the file only to find it locked would, on closing it, release the lock
 * the first thread holds. So within one JVM the lock file is guarded first by an in-process permit, one per
 * file, and only its holder ever opens the file. The permits are process-wide because the OS lock is. The lock
 * is not re-entrant: a second acquire, even by the holding thread, waits (and times out) like any other
 * ({@link RunStore} asks {@link #heldByCurrentThread} first where a nested section may come).
 */
public final class RunLock implements AutoCloseable {
    /** The in-process permit of each lock file (by real path), and the thread that holds it. */
    private static final ConcurrentHashMap<Path, Guard> GUARDS = new ConcurrentHashMap<>();

    private static final class Guard {
        final Semaphore permit = new Semaphore(1);
        volatile Thread owner;
    }

    private final FileChannel channel;
    private final FileLock lock;
    private final Guard guard;
    private Runnable onClose; // null: nothing to run
    private boolean closed;

    private RunLock(FileChannel channel, FileLock lock, Guard guard) {
        this.channel = channel;
        this.lock = lock;
        this.guard = guard;
    }

    private String note = "held";

    /** What the holder did with the lock, for the hold's trace ({@code ORUN_TRACE_LOCK}): "wrote", "changed", … */
    void note(String what) {
        note = what;
    }

    String note() {
        return note;
    }

    /** Runs {@code action} when the lock is released (the store uses it to time the hold). */
    RunLock onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    /** Whether the current thread holds the lock on {@code lockFile} (through any store of this JVM). */
    static boolean heldByCurrentThread(Path lockFile) {
        Guard g = GUARDS.get(key(lockFile));
        return g != null && g.owner == Thread.currentThread();
    }

    public static RunLock acquire(Path lockFile, Duration timeout, String runId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleepMs = 5;
        try {
            Files.createDirectories(lockFile.getParent());
            Path key = key(lockFile);
            Guard guard = GUARDS.get(key);
            if (guard == null) { // no computeIfAbsent lambda: the everyday writes run no lambda (docs/performance.md)
                Guard fresh = new Guard();
                guard = GUARDS.putIfAbsent(key, fresh);
                if (guard == null) {
                    guard = fresh;
                }
            }
            if (!guard.permit.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw locked(runId, lockFile, timeout);
            }
            guard.owner = Thread.currentThread();
            try {
                while (true) {
                    FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    try {
                        FileLock l = ch.tryLock();
                        if (l != null) {
                            return new RunLock(ch, l, guard);
                        }
                    } catch (OverlappingFileLockException e) {
                        // the file was locked in this JVM outside RunLock: wait like any other holder
                    } catch (IOException | RuntimeException e) {
                        ch.close();
                        throw e;
                    }
                    ch.close();
                    if (System.nanoTime() >= deadline) {
                        throw locked(runId, lockFile, timeout);
                    }
                    Thread.sleep(sleepMs);
                    sleepMs = Math.min(sleepMs * 2, 50);
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                guard.owner = null;
                guard.permit.release();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrunException(Exit.LOCKED, "interrupted while waiting for the lock on run " + runId);
        }
    }

    private static OrunException locked(String runId, Path lockFile, Duration timeout) {
        return new OrunException(Exit.LOCKED, "run " + runId + " is locked by another orun process (" + lockFile
                + ") past --lock-timeout " + timeout.toSeconds() + "s: wait for it to finish or raise --lock-timeout");
    }

    private static Path key(Path lockFile) {
        Path abs = lockFile.toAbsolutePath().normalize();
        try {
            return abs.getParent().toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            guard.owner = null;
            guard.permit.release();
            if (onClose != null) {
                onClose.run();
            }
        }
    }
}
