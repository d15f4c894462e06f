package dev.orun.store;

import dev.orun.run.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gitignored memo of RUN.json contents that passed {@code run.schema.json}: {@code runs/.cache/valid/<run id>}
 * holds the SHA-256 of the bytes last validated and the SHA-256 of the schema they passed. Reading the very
 * same bytes again for display ({@code run show}, the listing index) then needs neither the schema validator
 * nor a full JSON mapper — about 800 classes and most of a {@code run show}. Any other bytes, one changed
 * character or a new schema, are validated in full. Commands that change a run or check it ({@code run verify},
 * gates, pipelines) never use the memo; a missing, torn or foreign entry is simply a miss.
 */
final class ValidatedRecords {
    /** The bundled schema's SHA-256, computed on first use (a listing never needs it). */
    private static final class Schema {
        static final String SHA256 = schemaSha256();
    }

    private final Path dir;

    ValidatedRecords(Path cacheDir) {
        this.dir = cacheDir.resolve("valid");
    }

    /** Whether bytes with this SHA-256 passed the current run schema as run {@code runId}. */
    boolean holds(String runId, String sha256) {
        try {
            return entry(sha256).equals(Files.readString(dir.resolve(runId), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Notes that bytes with this SHA-256 passed the current run schema. Best effort: it is only a cache. */
    void remember(String runId, String sha256) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(AtomicFiles.TEMP_PREFIX + runId + "-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
            Files.writeString(tmp, entry(sha256), StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(runId), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // a read-only checkout still works, just without the memo
        }
    }

    private static String entry(String sha256) {
        return sha256 + " " + Schema.SHA256 + "\n";
    }

    private static String schemaSha256() {
        try (InputStream in = ValidatedRecords.class.getResourceAsStream("/contracts/run.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("contracts/run.schema.json missing from the build");
            }
            return Sha256.hex(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
