package dev.orun.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gitignored folder that says so itself: a {@code .gitignore} of {@code *} inside it, so a run's {@code logs/} and
 * {@code runs/.cache/} stay out of git in a repository that never ran {@code orun init} (DESIGN 1).
 */
public final class IgnoredFolder {
    static final String FILE = ".gitignore";
    static final byte[] CONTENT = "*\n".getBytes(StandardCharsets.US_ASCII);

    private IgnoredFolder() {
    }

    /**
     * Creates {@code dir} if needed and writes its {@code .gitignore} atomically when it has none; one stat when it
     * has one. An existing file is left as it is. Two processes racing here write the same bytes. Renamed into place
     * but not fsynced (a run start's two fsyncs, ~10 ms): lost to a power cut, it is written again by the next write.
     */
    public static Path ensure(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            AtomicFiles.writeUnsynced(file, CONTENT);
        }
        return dir;
    }
}
