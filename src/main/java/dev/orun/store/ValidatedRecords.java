package dev.orun.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gitignored memo of RUN.json contents that passed {@code run.schema.json}: {@code runs/.cache/valid/<run id>}
 * holds the length and CRC-32 of the bytes last validated, and the same of the schema they passed. Reading the
 * very same bytes again for display ({@code run show}) then needs neither the schema validator nor a full JSON
 * mapper — about 800 classes and most of a {@code run show}; the listing index re-reads a changed record the same
 * way ({@code run list} after a write). Any other bytes, a changed character or a new
 * schema, are validated in full. CRC-32, not SHA-256: it catches every accidental change a cache must notice
 * (all bursts up to 32 bits; others but for 1 in 2^32, with the length besides), and needs no JCA provider,
 * whose start-up alone is ~25 ms; zlib's CRC-32, not the JDK's CRC-32C, whose tables are built in Java at its
 * first use (~3 ms of every {@code run show}, interpreted). It is no defence against someone forging it — who could as well edit the memo —
 * which is why commands that change or check a run ({@code run verify}, gates, pipelines) never use it.
 * A missing, torn or foreign entry is simply a miss.
 */
final class ValidatedRecords {
    /**
     * The fingerprint of {@code contracts/run.schema.json} this build bundles, computed by the build
     * ({@link dev.orun.BuildInfo}): computing it here would open the 8 MB jar's directory, a few ms of every
     * {@code run show}.
     */
    static final String SCHEMA_FINGERPRINT = dev.orun.BuildInfo.RUN_SCHEMA_FINGERPRINT;

    private final Path dir;

    ValidatedRecords(Path cacheDir) {
        this.dir = cacheDir.resolve("valid");
    }

    /** Whether these bytes passed the current run schema as run {@code runId}. */
    boolean holds(String runId, byte[] bytes) {
        try {
            return entry(bytes).equals(Files.readString(dir.resolve(runId), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Notes that these bytes passed the current run schema. Best effort: it is only a cache. Written in place, not
     * through a temp file and a rename: a process killed mid-write leaves an empty or cut entry, which is a miss
     * (an entry must match whole, newline included), where a temp file would be left behind for good.
     */
    void remember(String runId, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            IgnoredFolder.ensure(dir.getParent());
            Files.writeString(dir.resolve(runId), entry(bytes), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            // a read-only checkout still works, just without the memo
        }
    }

    private static String entry(byte[] bytes) {
        return fingerprint(bytes) + " " + SCHEMA_FINGERPRINT + "\n";
    }

    /** Length and CRC-32 of {@code bytes}, e.g. {@code 2817:1c291ca3}. */
    static String fingerprint(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return bytes.length + ":" + Long.toHexString(crc.getValue());
    }
}
