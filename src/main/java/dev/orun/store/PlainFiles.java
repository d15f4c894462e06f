package dev.orun.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The writes that are neither records nor logs: scratch folders and temp files, tree copies, removals, and a file
 * put back in place. Records go through {@link AtomicFiles}, logs through {@link AppendLog}; nothing outside
 * {@code store/} writes a file (docs/architecture.md).
 */
public final class PlainFiles {
    private PlainFiles() {
    }

    /** A new folder under the system's temp folder; the caller removes it ({@link #deleteTreeQuietly}). */
    public static Path scratchFolder(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** A new empty file under the system's temp folder, removed at exit if the caller does not remove it first. */
    public static Path scratchFile(String prefix, String suffix) throws IOException {
        Path f = Files.createTempFile(prefix, suffix);
        f.toFile().deleteOnExit();
        return f;
    }

    /** Makes {@code dir} and the folders above it that are missing. */
    public static void createFolders(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    /** Copies {@code from} over {@code to}, replacing it. */
    public static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Copies the tree {@code from} into {@code to} (folders made, files replaced), leaving out files {@code skip} names. */
    public static void copyTree(Path from, Path to, Predicate<Path> skip) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!skip.test(file)) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Writes {@code bytes} into {@code file} in place (its folders made): the file keeps its permissions, which an
     * atomic replace would not. For putting back a file of the user's working tree as it was.
     */
    public static void putBack(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
    }

    /** Sets the file's modification time. */
    public static void setModified(Path file, Instant when) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    /** Removes a file (or empty folder) if it is there; true when it was. */
    public static boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    /** Removes a file if it is there, ignoring failure: for temp files, which are harmless when left. */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    /** Removes {@code p} and everything under it, not following symlinks out of it; nothing when it is not there. */
    public static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    /** {@link #deleteTree} for scratch folders: what cannot be removed is left (a temp folder left behind is harmless). */
    public static void deleteTreeQuietly(Path p) {
        List<Path> all;
        try (Stream<Path> s = Files.walk(p)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Path x : all) {
            deleteQuietly(x);
        }
    }
}
