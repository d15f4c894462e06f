package dev.orun.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves output paths under the repository root. An absolute path, a {@code ..} escape or a symlink that
 * leads outside is not an error of the command but a failed output: {@link Resolved#escape()} says why, and
 * nothing outside the repository is ever read.
 */
public final class RepoFiles {
    private final Path root;
    private final Path realRoot;

    public RepoFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path real;
        try {
            real = this.root.toRealPath();
        } catch (IOException e) {
            real = this.root;
        }
        this.realRoot = real;
    }

    public Path root() {
        return root;
    }

    /** A resolved path: {@code relative} with '/', {@code file} absolute; {@code escape} non-null when refused. */
    public record Resolved(String given, String relative, Path file, String escape) {
        public boolean refused() {
            return escape != null;
        }

        public boolean exists() {
            return escape == null && Files.exists(file);
        }

        public boolean isDirectory() {
            return escape == null && Files.isDirectory(file);
        }

        public boolean isFile() {
            return escape == null && Files.isRegularFile(file);
        }
    }

    public Resolved resolve(String path) {
        String p = path.replace('\\', '/');
        if (p.startsWith("/") || driveLetterPath(p)) {
            // The absolute path itself is machine-specific: it is not repeated into the record.
            return new Resolved("(absolute path)", null, null, "an absolute path is not allowed; it escapes the repository: "
                    + "make it relative to the repository root");
        }
        Path abs;
        try {
            abs = root.resolve(p).normalize();
        } catch (InvalidPathException e) {
            return new Resolved(path, null, null, "'" + path + "' is not a valid path: " + e.getReason());
        }
        if (!abs.startsWith(root)) {
            return new Resolved(path, null, null, "'" + path + "' escapes the repository through '..'");
        }
        String rel = root.relativize(abs).toString().replace('\\', '/');
        String escape = symlinkEscape(abs);
        if (escape != null) {
            return new Resolved(path, rel, null, "'" + rel + "' " + escape);
        }
        return new Resolved(path, rel, abs, null);
    }

    /** Checks an existing file found inside a resolved folder (its own symlink may lead out). */
    public String symlinkEscape(Path abs) {
        // The nearest existing ancestor's real location must be inside: this catches a symlinked folder on the way.
        Path probe = abs;
        while (probe != null && !Files.exists(probe, LinkOption.NOFOLLOW_LINKS)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return null;
        }
        try {
            Path real = probe.toRealPath();
            if (!real.startsWith(realRoot)) {
                return "is a symlink that leads outside the repository (to " + (Files.isDirectory(real) ? "a folder" : "a file")
                        + " outside it); it escapes the repository and was not read";
            }
        } catch (IOException e) {
            // A dangling symlink: there is nothing to read; it counts as missing.
            return null;
        }
        return null;
    }

    public String relative(Path abs) {
        return root.relativize(abs.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Whether {@code p} matches {@code ^[A-Za-z]:.*} (a Windows drive path; {@code .} takes no line terminator), without compiling that regex at each call. */
    public static boolean driveLetterPath(String p) {
        if (p.length() < 2 || p.charAt(1) != ':') {
            return false;
        }
        char c = p.charAt(0);
        if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
            return false;
        }
        for (int i = 2; i < p.length(); i++) {
            char x = p.charAt(i);
            if (x == '\n' || x == '\r' || x == '\u0085' || x == '\u2028' || x == '\u2029') {
                return false;
            }
        }
        return true;
    }
}
