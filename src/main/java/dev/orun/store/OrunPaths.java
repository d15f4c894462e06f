package dev.orun.store;

import dev.orun.error.OrunException;

import java.nio.file.Path;

/** Where things are in a repository that uses orun (DESIGN 1). All paths absolute and normalised. */
public record OrunPaths(Path root, Path runsDir) {
    public OrunPaths {
        root = root.toAbsolutePath().normalize();
        runsDir = runsDir.toAbsolutePath().normalize();
    }

    public Path orchestration() {
        return root.resolve("orchestration");
    }

    public Path runDir(String runId) {
        return runsDir.resolve(runId);
    }

    public Path recordDir(String runId) {
        return runDir(runId).resolve("record");
    }

    // One path built from the names, not resolve() after resolve(): run list makes one per run (10,000 on a warm
    // list, and a lease path per running run), and each resolve parses and copies the whole path again.
    public Path runJson(String runId) {
        return runsDir.getFileSystem().getPath(runsDir.toString(), runId, "record", "RUN.json");
    }

    public Path logsDir(String runId) {
        return runsDir.getFileSystem().getPath(runsDir.toString(), runId, "logs");
    }

    public Path cacheDir() {
        return runsDir.resolve(".cache");
    }

    /** A path as records and messages show it: relative to the repository root, with '/'. */
    public String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.startsWith(root)) {
            return root.relativize(abs).toString().replace('\\', '/');
        }
        return abs.toString();
    }

    /**
     * Resolves a repository-relative path from a contract or workflow, refusing absolute paths and
     * {@code ..} escapes. Symlinks are checked by {@link #checkInside(Path)} where a file is read.
     */
    public Path resolveInside(String relative, String what) {
        if (relative == null || relative.isBlank()) {
            throw OrunException.invalid(what + ": empty path");
        }
        String control = dev.orun.schema.ControlCharacters.first(relative, false);
        if (control != null) {
            throw OrunException.invalid(what + ": '" + dev.orun.schema.ControlCharacters.printable(relative)
                    + "' contains the control character " + control + ": remove it");
        }
        Path p = Path.of(relative);
        if (p.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw OrunException.invalid(what + ": '" + relative + "' is absolute; it escapes the repository: use a path relative to " + root);
        }
        Path resolved = root.resolve(p).normalize();
        if (!resolved.startsWith(root)) {
            throw OrunException.invalid(what + ": '" + relative + "' escapes the repository through '..': keep paths inside " + root);
        }
        return resolved;
    }

    /** True when the real location of an existing path (following symlinks) is inside the repository. */
    public boolean checkInside(Path existing) {
        try {
            Path real = existing.toRealPath();
            return real.startsWith(root.toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
