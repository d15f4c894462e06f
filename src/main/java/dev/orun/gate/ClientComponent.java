package dev.orun.gate;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code {client_component}} as the seed resolves it ({@code contract-loader.js discoverClientComponent}): the first
 * file of the artifact folder (not its subfolders) whose name ends in {@code Client.tsx} or {@code Client.jsx},
 * repository-relative. Names are taken in sorted order so the choice does not depend on the file system.
 */
public final class ClientComponent {
    public static final String VARIABLE = "client_component";

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
        // A loop and endsWith, not a stream and a regex: the seed's /Client\.(tsx|jsx)$/ matches only at the very
        // end of the name (Java's $ would also match before a final line break).
        String[] names = dir.toFile().list();
        if (names == null) {
            return null; // as the seed: an unreadable folder has no component
        }
        String first = null;
        for (String n : names) {
            if ((n.endsWith("Client.tsx") || n.endsWith("Client.jsx"))
                    && (first == null || n.compareTo(first) < 0)) {
                first = n;
            }
        }
        if (first == null) {
            return null;
        }
        String p = (artifactPath.endsWith("/") ? artifactPath : artifactPath + "/") + first;
        return p.startsWith("./") ? p.substring(2) : p;
    }
}
