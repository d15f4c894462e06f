package dev.orun.store;

import dev.orun.error.OrunException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the repository root as git finds {@code .git}: the nearest folder upward holding {@code orchestration/}. */
public final class RootLocator {
    private RootLocator() {
    }

    /**
     * @param explicitRoot {@code --root}, or null
     * @param env          the environment ({@code ORUN_ROOT}, {@code ORUN_RUNS_DIR})
     * @param cwd          where the command runs
     */
    public static OrunPaths locate(Path explicitRoot, Map<String, String> env, Path cwd) {
        Path root;
        if (explicitRoot != null) {
            root = cwd.resolve(explicitRoot);
            requireFolder(root, "--root");
        } else if (notBlank(env.get("ORUN_ROOT"))) {
            root = cwd.resolve(env.get("ORUN_ROOT"));
            requireFolder(root, "ORUN_ROOT");
        } else {
            root = search(cwd);
            if (root == null) {
                throw OrunException.notFound("no orchestration/ folder in " + cwd.toAbsolutePath()
                        + " or any parent: run 'orun init' at your repository root, or pass --root DIR");
            }
        }
        Path runs = notBlank(env.get("ORUN_RUNS_DIR"))
                ? runsDir(root, env.get("ORUN_RUNS_DIR"))
                : root.resolve("orchestration").resolve("runs");
        return new OrunPaths(root, runs);
    }

    /** ORUN_RUNS_DIR must stay inside the repository: records outside it could not be committed. */
    private static Path runsDir(Path root, String value) {
        Path base = root.toAbsolutePath().normalize();
        Path runs = base.resolve(value).normalize();
        if (!runs.startsWith(base) || runs.equals(base)) {
            throw OrunException.usage("ORUN_RUNS_DIR '" + value + "' is not a folder inside the repository " + base
                    + ": set it to a path relative to the root (default orchestration/runs), so records can be committed");
        }
        return root.resolve(value);
    }

    /** The root for {@code orun init}: the explicit one, else the git top level, else the current folder. */
    public static Path initRoot(Path explicitRoot, Map<String, String> env, Path cwd) {
        if (explicitRoot != null) {
            return cwd.resolve(explicitRoot).toAbsolutePath().normalize();
        }
        if (notBlank(env.get("ORUN_ROOT"))) {
            return cwd.resolve(env.get("ORUN_ROOT")).toAbsolutePath().normalize();
        }
        Path existing = search(cwd);
        if (existing != null) {
            return existing;
        }
        for (Path p = cwd.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return cwd.toAbsolutePath().normalize();
    }

    /**
     * The root a command will use, or null where there is none (never an error): for reading the repository's
     * {@code .env} before the command is parsed, so that its secrets are masked in all that orun prints.
     */
    public static Path guess(String explicitRoot, Map<String, String> env, Path cwd) {
        try {
            if (explicitRoot != null) {
                return cwd.resolve(explicitRoot);
            }
            if (notBlank(env.get("ORUN_ROOT"))) {
                return cwd.resolve(env.get("ORUN_ROOT"));
            }
            return search(cwd);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Path search(Path cwd) {
        for (Path p = cwd.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("orchestration"))) {
                return p;
            }
        }
        return null;
    }

    private static void requireFolder(Path root, String source) {
        if (!Files.isDirectory(root)) {
            throw OrunException.notFound(source + " names " + root.toAbsolutePath() + ", which is not a folder: point it at your repository root");
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
