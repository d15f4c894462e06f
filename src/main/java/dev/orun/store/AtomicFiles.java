package dev.orun.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe writes: temp file in the same folder, write, fsync, atomic rename, fsync the folder.
 * A failed atomic rename is an error, never a silent fallback to a plain move.
 */
public final class AtomicFiles {
    /** Temp files start with this; readers never take them for records. */
    public static final String TEMP_PREFIX = ".orun-tmp-";

    private AtomicFiles() {
    }

    /** The start of the temp files' names of {@code target}. */
    private static String stem(Path target) {
        return TEMP_PREFIX + target.getFileName() + "-";
    }

    /** A new temp file's path beside the target: the writer's pid is in it (a later write removes dead writers' temps). */
    private static Path temp(Path dir, String stem) {
        return dir.resolve(stem + ThisProcess.pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    public static void write(Path target, byte[] content) {
        try (Staged staged = stage(target, content)) {
            staged.commit();
            staged.sync();
        }
    }

    /**
     * As {@link #write}, without the fsyncs: for a file orun writes again whenever it is missing (a folder's
     * {@code .gitignore}), where a crash may lose it but never leaves it half-written.
     */
    static void writeUnsynced(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = temp(dir, stem(target));
            try {
                Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * Why a write failed, in words: a file system error's message is often only the path (of a temp file, here),
     * so its kind is said instead ("no such file or folder", "permission denied").
     */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String kind = f instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                    : f instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : f instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
                    : f instanceof java.nio.file.NotDirectoryException ? "not a folder"
                    : f.getReason();
            if (kind != null) {
                String where = f.getFile();
                return kind + (where == null || where.contains(TEMP_PREFIX) ? "" : " (" + where + ")");
            }
        }
        return e.getMessage();
    }

    /**
     * Writes {@code content} to a temp file beside {@code target} and fsyncs it, without touching {@code target}:
     * the slow half of {@link #write}, done before a lock is taken. {@link Staged#commit()} (under the lock) is the
     * rename and the fsync of the folder; {@link Staged#close()} removes the temp file when it was not committed.
     */
    public static Staged stage(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        String stem = stem(target);
        Path tmp = temp(dir, stem);
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next write of the target removes it (its pid is in the name)
            }
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
        return new Staged(target, dir, tmp, stem);
    }

    /** A temp file written and fsynced, waiting to be renamed onto its target. */
    public static final class Staged implements AutoCloseable {
        private final Path target;
        private final Path dir;
        private final Path tmp;
        private final String stem;
        private boolean committed;

        private Staged(Path target, Path dir, Path tmp, String stem) {
            this.target = target;
            this.dir = dir;
            this.tmp = tmp;
            this.stem = stem;
        }

        public Path target() {
            return target;
        }

        /**
         * Renames the temp file onto the target atomically; {@link #sync()} then makes the rename durable (a
         * caller under a lock may release it first: the content itself was fsynced before the rename).
         */
        public void commit() {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                committed = true;
            } catch (AtomicMoveNotSupportedException e) {
                throw new UncheckedIOException("cannot write " + target + ": the file system cannot rename atomically in " + dir
                        + "; orun will not write records without it", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
            }
        }

        /** Fsyncs the target's folder, so that a committed rename survives a power loss. */
        public void sync() {
            if (committed) {
                fsyncDirectory(dir);
            }
        }

        /** Removes the temp file unless it was committed, and what killed writers of the same target left. */
        @Override
        public void close() {
            try {
                if (!committed) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                // its pid is in its name: the next write of the target removes it once this process is gone
            }
            removeDeadWritersTemps(dir, stem);
        }
    }

    /** Temp files of this target left by writers that were killed mid-write (their pid no longer exists). */
    private static void removeDeadWritersTemps(Path dir, String stem) {
        String[] names = dir.toFile().list(); // no filter lambda: the everyday writes run none (docs/performance.md)
        if (names == null) {
            return;
        }
        for (String name : names) {
            if (!name.startsWith(stem)) {
                continue;
            }
            String rest = name.substring(stem.length());
            int dash = rest.indexOf('-');
            long pid;
            try {
                pid = dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
            } catch (NumberFormatException e) {
                pid = -1; // a temp file named before the pid was in it: only age tells
            }
            Path f = dir.resolve(name);
            try {
                boolean dead = pid > 0 ? ProcessHandle.of(pid).isEmpty()
                        : Files.getLastModifiedTime(f).toMillis() < System.currentTimeMillis() - 3_600_000L;
                if (dead) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // another writer's cleanup got there first, or it cannot be removed: the next write tries again
            }
        }
    }

    /** Writes a file that must not exist yet (attempt files are written once). */
    public static void writeNew(Path target, byte[] content) {
        if (Files.exists(target)) {
            throw new UncheckedIOException(new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "written once and never rewritten"));
        }
        write(target, content);
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename itself durable. Some platforms cannot open a folder for reading; that is fine there.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform (e.g. Windows)
        }
    }
}
