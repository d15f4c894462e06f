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

/** One writer per run: an OS file lock on {@code logs/run.lock}, waited for up to a timeout. */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private Runnable onClose = () -> { };

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Runs {@code action} when the lock is released (the store uses it to know which locks it holds). */
    RunLock onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    public static RunLock acquire(Path lockFile, Duration timeout, String runId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleepMs = 5;
        try {
            Files.createDirectories(lockFile.getParent());
            while (true) {
                FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        return new RunLock(ch, l);
                    }
                } catch (OverlappingFileLockException e) {
                    // held by another thread of this JVM: wait like any other holder
                }
                ch.close();
                if (System.nanoTime() >= deadline) {
                    throw new OrunException(Exit.LOCKED, "run " + runId + " is locked by another orun process (" + lockFile
                            + ") past --lock-timeout " + timeout.toSeconds() + "s: wait for it to finish or raise --lock-timeout");
                }
                Thread.sleep(sleepMs);
                sleepMs = Math.min(sleepMs * 2, 50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrunException(Exit.LOCKED, "interrupted while waiting for the lock on run " + runId);
        }
    }

    @Override
    public void close() {
        onClose.run();
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
