package dev.orun.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Variables from a {@code .env} file at the repository root, under the real environment (the environment wins).
 * Values are never logged; callers must not echo them either.
 */
public final class DotEnv {
    private DotEnv() {
    }

    /** The environment merged over {@code root/.env} (KEY=VALUE lines, {@code #} comments, optional quotes, optional {@code export}). */
    public static Map<String, String> merged(Path root, Map<String, String> environment) {
        Map<String, String> out = new HashMap<>(read(root.resolve(".env")));
        out.putAll(environment);
        return Map.copyOf(out);
    }

    static Map<String, String> read(Path file) {
        Map<String, String> vars = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return vars;
        }
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring(7).strip();
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                } else {
                    int hash = value.indexOf(" #");
                    if (hash >= 0) {
                        value = value.substring(0, hash).strip();
                    }
                }
                vars.put(key, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return vars;
    }
}
