package dev.orun.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts real JVMs on the test classpath, for tests that must cross a process boundary. */
public final class JavaProcesses {
    private JavaProcesses() {
    }

    public static ProcessBuilder builder(Path dir, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }

    /** orun itself in a child JVM (dev.orun.cli.Main). */
    public static Process orun(Path dir, File output, String... args) throws IOException {
        return builder(dir, Main.class, args).redirectErrorStream(true).redirectOutput(output).start();
    }
}
