package dev.orun.serve;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One writer per run inside the server, before the run's file lock. Several threads of one JVM must not contend
 * for the same OS file lock: a thread that opens the lock file and closes it after an
 * {@code OverlappingFileLockException} drops the POSIX lock the holder thread has (close releases all of a
 * process's locks on a file), letting a CLI process in. With this, only one thread per run ever asks for it.
 */
final class RunMutexes {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T with(String runId, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(runId, id -> new ReentrantLock(true));
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
