package dev.orun.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many MiB of outputs hashed by a second JVM that has the C2 compiler. The launcher runs {@code gate finish} with C1
 * alone ({@code -Dorun.jit=c1}): it is a third faster for what a gate finish mostly does, but C1 has no SHA-256
 * intrinsic (the JDK's digest runs ~8x slower). Past {@link #FROM} bytes to hash, a JVM started for the digests alone
 * (~0.1 s) is the faster way; below it, this process digests them. The child prints one line per file,
 * "sha256 bytes", in the order given, or the error that stopped it (a file it cannot read, named).
 */
public final class ChildHasher {
    /** The first argument that makes {@code dev.orun.cli.Main} this child. */
    public static final String COMMAND = "__hash-files";

    /** From this many bytes to hash, and only under C1 alone. */
    static final long FROM = 16L << 20;

    /** The child's JIT: C2 only for what gets really hot, and the SHA compression loops sooner (as the launcher did). */
    private static final List<String> JIT = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
            "-XX:Tier4InvocationThreshold=100000", "-XX:Tier4MinInvocationThreshold=60000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000", "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::implCompress*,0.01");

    private ChildHasher() {
    }

    /** Whether {@code bytes} to hash go to a child JVM: this one runs C1 alone and they are many. */
    static boolean wanted(long bytes) {
        return bytes >= FROM && "c1".equals(System.getProperty("orun.jit"));
    }

    /** The SHA-256 of each file, by a child JVM (same JVM binary and class path as this one). */
    static Map<Path, String> hash(Path root, List<Path> files) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JIT);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.orun.cli.Main");
        cmd.add(COMMAND);
        cmd.add(root.toString());
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Map<Path, String> out = new HashMap<>();
        try {
            // stderr discarded: a JVM warning there must not pass for a digest; the child's own errors come on stdout.
            // The child is orun itself, in the same process group (a Ctrl-C reaches both) and environment.
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new ArrayList<>();
            String other = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (isDigestLine(line)) {
                        lines.add(line);
                    } else {
                        other = line;
                    }
                }
            }
            int exit = p.waitFor(); // its stdout is closed: it has ended
            if (exit != 0 || lines.size() != files.size()) {
                throw new java.io.UncheckedIOException(new IOException(other != null ? other
                        : "the hashing JVM exited " + exit + " after " + lines.size() + " of " + files.size() + " files"));
            }
            for (int i = 0; i < files.size(); i++) {
                out.put(files.get(i), lines.get(i).substring(0, lines.get(i).indexOf(' ')));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start a JVM to hash " + files.size() + " files: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        }
        return out;
    }

    /** "sha256 bytes": 64 lowercase hex digits, a space, digits. */
    static boolean isDigestLine(String line) {
        if (line.length() < 66 || line.charAt(64) != ' ') {
            return false;
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean ok = i < 64 ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') : i == 64 || (c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The child, run by {@code dev.orun.cli.Main} (which alone holds the process's streams) for {@code COMMAND ROOT
     * FILE...}: the JDK's digest, files spread over the cores as in the parent. Returns the exit code.
     */
    public static int child(String[] args, PrintWriter out) {
        try {
            List<Path> files = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                files.add(Path.of(args[i]));
            }
            Map<Path, FileHash> hashes = new ArtifactHasher(new RepoFiles(Path.of(args[1])), null)
                    .hash(files, HashProgress.NONE, false);
            for (Path f : files) {
                FileHash h = hashes.get(f);
                out.println(h.sha256() + " " + h.bytes());
            }
            return 0;
        } catch (RuntimeException e) {
            out.println(e.getMessage());
            return 1;
        }
    }
}
