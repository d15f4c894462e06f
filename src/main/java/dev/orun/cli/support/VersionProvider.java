package dev.orun.cli.support;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;

/** orun's version. */
public final class VersionProvider implements IVersionProvider {
    /** The pom's version, which the build writes into {@link dev.orun.BuildInfo} (a constant: no jar read at start). */
    public static final String VERSION = dev.orun.BuildInfo.VERSION;

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {version()};
    }

    /** "orun X.Y.Z". */
    public static String version() {
        return "orun " + VERSION;
    }
}
