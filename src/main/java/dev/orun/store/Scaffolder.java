package dev.orun.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code orun init}: copies the bundled {@code orchestration/} (sample workflows, contracts, prompts) into a
 * repository and adds the .gitignore rules. Never overwrites a file; running it twice changes nothing.
 */
public final class Scaffolder {
    /** The rules that keep logs and caches out of git and records in it. */
    public static final List<String> GITIGNORE_RULES = List.of(
            "orchestration/runs/*/logs/",
            "orchestration/runs/.cache/",
            ".orun-tmp-*",
            ".env");
    private static final String RESOURCE_ROOT = "/scaffold/orchestration";

    /** What init did to each file. */
    public record Result(List<String> created, List<String> kept, boolean gitignoreChanged) {
    }

    public Result init(Path root) {
        List<String> created = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        forEachBundled((relative, content) -> {
            Path target = root.resolve("orchestration").resolve(relative);
            String shown = "orchestration/" + relative;
            if (Files.exists(target)) {
                kept.add(shown);
            } else {
                AtomicFiles.write(target, content);
                created.add(shown);
            }
        });
        try {
            Files.createDirectories(root.resolve("orchestration").resolve("runs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean changed = addGitignoreRules(root.resolve(".gitignore"));
        return new Result(created, kept, changed);
    }

    private boolean addGitignoreRules(Path gitignore) {
        try {
            String existing = Files.exists(gitignore) ? Files.readString(gitignore, StandardCharsets.UTF_8) : "";
            List<String> lines = existing.lines().map(String::strip).toList();
            StringBuilder add = new StringBuilder();
            for (String rule : GITIGNORE_RULES) {
                if (!lines.contains(rule)) {
                    add.append(rule).append('\n');
                }
            }
            if (add.length() == 0) {
                return false;
            }
            String sep = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            String header = "# orun: run records (record/) are committed; logs, caches and .env (API keys) are not\n";
            AtomicFiles.write(gitignore, (existing + sep + (existing.isEmpty() ? "" : "\n") + header + add)
                    .getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + gitignore + ": " + e.getMessage(), e);
        }
    }

    interface FileVisitor {
        void visit(String relative, byte[] content);
    }

    private void forEachBundled(FileVisitor visitor) {
        URL url = Scaffolder.class.getResource(RESOURCE_ROOT);
        if (url == null) {
            throw new IllegalStateException("the build has no " + RESOURCE_ROOT + "; rebuild orun");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean close = false;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    close = true;
                }
                try {
                    walk(fs.getPath(RESOURCE_ROOT), visitor);
                } finally {
                    if (close) {
                        fs.close();
                    }
                }
            } else {
                walk(Path.of(uri), visitor);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the bundled scaffold: " + e.getMessage(), e);
        }
    }

    private static void walk(Path base, FileVisitor visitor) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(base)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rel = base.relativize(f).toString().replace('\\', '/');
            try (InputStream in = Files.newInputStream(f)) {
                visitor.visit(rel, in.readAllBytes());
            }
        }
    }
}
