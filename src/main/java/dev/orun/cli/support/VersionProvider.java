package dev.orun.cli.support;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** orun's version, from the build. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        return new String[] {version()};
    }

    /** "orun X.Y.Z", from the build's version.txt. */
    public static String version() throws IOException {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/orun/version.txt")) {
            String v = in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return "orun " + v;
        }
    }
}
