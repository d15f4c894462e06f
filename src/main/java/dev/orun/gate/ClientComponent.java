package dev.orun.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code {client_component}} as the seed resolves it ({@code contract-loader.js discoverClientComponent}): the first
 * file of the artifact folder (not its subfolders) whose name ends in {@code Client.tsx} or {@code Client.jsx},
 * repository-relative. Names are taken in sorted order so the choice does not depend on the file system.
 */
public final class ClientComponent {
    public static final String VARIABLE = "client_component";
    private static final Pattern NAME = Pattern.compile("Client\\.(tsx|jsx)$");

    private ClientComponent() {
    }

    /** The component's repository-relative path, or null when the folder has none (or there is no folder). */
    public static String discover(Path root, String artifactPath) {
        if (artifactPath == null || artifactPath.isBlank()) {
            return null;
        }
        Path dir = root.resolve(artifactPath).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).find())
                    .map(p -> p.getFileName().toString()).sorted().findFirst()
                    .map(n -> (artifactPath.endsWith("/") ? artifactPath : artifactPath + "/") + n)
                    .map(p -> p.startsWith("./") ? p.substring(2) : p)
                    .orElse(null);
        } catch (IOException e) {
            return null; // as the seed: an unreadable folder has no component
        }
    }
}
