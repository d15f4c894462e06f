package dev.orun.store;

import dev.orun.schema.SchemaValidator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test child process: lists runs through the index N times; exits 1 if it ever sees fewer runs than expected. */
public final class ListLoop {
    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        int expected = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        RunStore store = new RunStore(RootLocator.locate(root, Map.of(), root), new SchemaValidator(), Duration.ofSeconds(30));
        for (int i = 0; i < rounds; i++) {
            List<String> warnings = new ArrayList<>();
            int n = new RunIndex(store).all(warnings::add).size();
            if (n < expected || !warnings.isEmpty()) {
                System.out.println("round " + i + ": saw " + n + " runs, warnings " + warnings);
                System.exit(1);
            }
        }
        System.out.println("ok");
    }
}
