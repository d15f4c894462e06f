import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

/**
 * Build step, run by the pom at generate-sources: writes dev/orun/BuildInfo.java with the facts the build knows
 * and the code must not keep by hand: the project's version and the fingerprint (length and CRC-32C, as
 * dev.orun.store.ValidatedRecords computes it) of the run schema this build bundles. As compile-time constants
 * they cost a start nothing (reading either from the jar would open its directory, a few ms of every start).
 *   java src/build/GenerateBuildInfo.java VERSION contracts/run.schema.json target/generated-sources/orun
 */
public final class GenerateBuildInfo {
    public static void main(String[] args) throws IOException {
        String version = args[0];
        byte[] schema = Files.readAllBytes(Path.of(args[1]));
        CRC32C crc = new CRC32C();
        crc.update(schema);
        String fingerprint = schema.length + ":" + Long.toHexString(crc.getValue());
        String source = "package dev.orun;\n\n"
                + "/** Written by the build (src/build/GenerateBuildInfo.java): do not edit. */\n"
                + "public final class BuildInfo {\n"
                + "    /** The project's version, from the pom. */\n"
                + "    public static final String VERSION = \"" + version.replace("\\", "\\\\").replace("\"", "\\\"") + "\";\n"
                + "    /** Length and CRC-32C of the bundled contracts/run.schema.json. */\n"
                + "    public static final String RUN_SCHEMA_FINGERPRINT = \"" + fingerprint + "\";\n\n"
                + "    private BuildInfo() {\n    }\n}\n";
        Path out = Path.of(args[2]).resolve("dev/orun/BuildInfo.java");
        Files.createDirectories(out.getParent());
        // Unchanged content keeps its timestamp, so the compiler does not see a changed source at every build.
        if (Files.exists(out) && Files.readString(out, StandardCharsets.UTF_8).equals(source)) {
            return;
        }
        Path tmp = out.resolveSibling("BuildInfo.java.tmp");
        Files.writeString(tmp, source, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
