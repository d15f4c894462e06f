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

    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(content);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically in " + dir + "; orun will not write records without it", e);
            } finally {
                Files.deleteIfExists(tmp);
            }
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
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
