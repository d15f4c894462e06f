package dev.orun.cli.support;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;

/** orun's version. */
public final class VersionProvider implements IVersionProvider {
    /**
     * The version, as a constant: reading version.txt would open the 8 MB jar's directory, a few ms of every
     * {@code --version}. VersionProviderTest holds it equal to the pom's version (which the build writes into
     * version.txt).
     */
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {version()};
    }

    /** "orun X.Y.Z". */
    public static String version() {
        return "orun " + VERSION;
    }
}
