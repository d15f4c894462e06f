package dev.orun.store;

import dev.orun.schema.SchemaValidator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test child process: lists runs through the index N times, and between lists reads the index file itself;
 * exits 1 if it ever sees fewer runs than expected or an index file that is not whole (a torn write).
 */
public final class ListLoop {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int expected = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        RunStore store = new RunStore(RootLocator.locate(root, Map.of(), root), new SchemaValidator(), Duration.ofSeconds(30));
        for (int i = 0; i < rounds; i++) {
            List<String> warnings = new ArrayList<>();
            RunIndex index = new RunIndex(store);
            int n = index.all(warnings::add).size();
            if (n < expected || !warnings.isEmpty()) {
                System.out.println("round " + i + ": saw " + n + " runs, warnings " + warnings);
                System.exit(1);
            }
            String torn = whole(index.file());
            if (torn != null) {
                System.out.println("round " + i + ": torn index: " + torn);
                System.exit(1);
            }
        }
        System.out.println("ok");
    }

    /** Null when the index file is whole: its header, then only complete lines that parse. */
    private static String whole(Path file) throws java.io.IOException {
        String text = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        if (!text.startsWith(RunIndex.HEADER + "\n") || !text.endsWith("\n")) {
            return "header or last newline missing (" + text.length() + " chars)";
        }
        List<String> lines = text.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            if (RunIndex.Entry.parse(lines.get(i)) == null) {
                return "line " + (i + 1) + " does not parse";
            }
        }
        return null;
    }
}
