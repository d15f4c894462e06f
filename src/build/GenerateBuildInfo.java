import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * Build step, run by the pom at generate-sources: writes dev/orun/BuildInfo.java with the facts the build knows
 * and the code must not keep by hand: the project's version and the fingerprint (length and CRC-32, as
 * dev.orun.store.ValidatedRecords computes it) of the run schema this build bundles. As compile-time constants
 * they cost a start nothing (reading either from the jar would open its directory, a few ms of every start).
 * It also writes one fingerprint of every bundled schema (contracts/*.json, names and bytes): the key of the memo of
 * workflow and contract files that passed their schemas (dev.orun.store.ValidatedFiles).
 *   java src/build/GenerateBuildInfo.java VERSION contracts/run.schema.json target/generated-sources/orun [contracts]
 */
public final class GenerateBuildInfo {
    public static void main(String[] args) throws IOException {
        String version = args[0];
        byte[] schema = Files.readAllBytes(Path.of(args[1]));
        CRC32 crc = new CRC32();
        crc.update(schema);
        String fingerprint = schema.length + ":" + Long.toHexString(crc.getValue());
        CRC32 all = new CRC32();
        long total = 0;
        if (args.length > 3) {
            try (var files = Files.list(Path.of(args[3]))) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    byte[] b = Files.readAllBytes(f);
                    all.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    all.update(0);
                    all.update(b);
                    total += b.length;
                }
            }
        }
        String schemas = total + ":" + Long.toHexString(all.getValue());
        String source = "package dev.orun;\n\n"
                + "/** Written by the build (src/build/GenerateBuildInfo.java): do not edit. */\n"
                + "public final class BuildInfo {\n"
                + "    /** The project's version, from the pom. */\n"
                + "    public static final String VERSION = \"" + version.replace("\\", "\\\\").replace("\"", "\\\"") + "\";\n"
                + "    /** Length and CRC-32 of the bundled contracts/run.schema.json. */\n"
                + "    public static final String RUN_SCHEMA_FINGERPRINT = \"" + fingerprint + "\";\n"
                + "    /** Total length and CRC-32 of the bundled schemas (contracts/*.json, each name and its bytes). */\n"
                + "    public static final String SCHEMAS_FINGERPRINT = \"" + schemas + "\";\n"
                + "    /** The bundled contracts/run.schema.json itself: every write checks its record by it, and a class constant\n"
                + "     * comes from the class-data archive where a resource lookup opens the JDK's module image and the jar. */\n"
                + "    public static final String RUN_SCHEMA = " + javaString(new String(schema, StandardCharsets.UTF_8)) + ";\n\n"
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

    /** A Java string literal of {@code text}, split into lines joined by +. */
    private static String javaString(String text) {
        StringBuilder sb = new StringBuilder("\"\"");
        for (String line : text.split("(?<=\n)")) {
            sb.append("\n            + \"");
            for (char c : line.toCharArray()) {
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '"' -> sb.append("\\\"");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
        return sb.toString();
    }
}
