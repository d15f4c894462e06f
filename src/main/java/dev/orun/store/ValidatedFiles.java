package dev.orun.store;

import dev.orun.schema.SchemaValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A gitignored memo of file contents (workflows, gate contracts) that passed a bundled schema:
 * {@code runs/.cache/valid-files/<schema>/<key of the bytes>} holds the fingerprint of the schemas they passed
 * ({@link dev.orun.BuildInfo#SCHEMAS_FINGERPRINT}). Content-addressed: an edited file has another name, so an entry
 * is never stale; a new build with other schemas does not match its content (a miss, then written again). The key
 * ({@link #key}) is the length, CRC-32 and Adler-32 of the bytes — 64 bits of two independent checksums, computed by
 * zlib — not SHA-256: at a command's start orun's SHA-256 runs interpreted, and digesting the workflow and the
 * contract was ~5% of a gate finish. An accidental change that keeps length and both sums is about one in 2^64
 * (CRC-32 alone catches every burst up to 32 bits). It is no defence against someone forging an entry — who could as well
 * edit orun — which is why {@code run verify} and {@code contracts check} validate without it, and why every record
 * a write produces is checked whole before it is written, whatever its workflow and contract said. A missing, torn
 * or foreign entry is a miss.
 */
public final class ValidatedFiles implements SchemaValidator.Memo {
    static final String SCHEMAS = dev.orun.BuildInfo.SCHEMAS_FINGERPRINT;
    private static final String ENTRY = SCHEMAS + "\n";

    private final Supplier<Path> cacheDir;

    /** {@code cacheDir}: the runs folder's {@code .cache}, asked for at the first use (finding the root may fail). */
    public ValidatedFiles(Supplier<Path> cacheDir) {
        this.cacheDir = cacheDir;
    }

    private Path entry(String schema, byte[] bytes) {
        return cacheDir.get().resolve("valid-files").resolve(schema).resolve(key(bytes));
    }

    /**
     * The name of the entry for {@code bytes}: the RUN.json memo's fingerprint (length and CRC-32) and the Adler-32,
     * e.g. {@code 6594-1c291ca3-5e0b1f42} (no ':' in a file name).
     */
    static String key(byte[] bytes) {
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(bytes);
        return ValidatedRecords.fingerprint(bytes).replace(':', '-') + "-" + Long.toHexString(adler.getValue());
    }

    @Override
    public boolean holds(String schema, byte[] bytes) {
        try {
            return ENTRY.equals(Files.readString(entry(schema, bytes), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code runs/.cache/yaml-trees/<key of the YAML>}: the JSON text of its tree (content-addressed, never stale). */
    private Path yamlEntry(byte[] yaml) {
        return cacheDir.get().resolve("yaml-trees").resolve(key(yaml));
    }

    @Override
    public byte[] yamlTree(byte[] yaml) {
        try {
            Path f = yamlEntry(yaml);
            return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Through a temp file and a rename: a cut entry would still be JSON that TreeReader might take. */
    @Override
    public void rememberYamlTree(byte[] yaml, byte[] json) {
        try {
            Path file = yamlEntry(yaml);
            Files.createDirectories(file.getParent());
            IgnoredFolder.ensure(cacheDir.get());
            AtomicFiles.writeUnsynced(file, json);
        } catch (IOException | RuntimeException e) {
            // a read-only checkout still works, just without the memo
        }
    }

    /** Best effort, written in place (see {@link ValidatedRecords#remember}): a cut entry is a miss. */
    @Override
    public void remember(String schema, byte[] bytes) {
        try {
            Path file = entry(schema, bytes);
            Files.createDirectories(file.getParent());
            IgnoredFolder.ensure(cacheDir.get());
            Files.writeString(file, ENTRY, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            // a read-only checkout still works, just without the memo
        }
    }
}
