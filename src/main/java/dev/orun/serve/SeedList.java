package dev.orun.serve;

import dev.orun.store.RunStore;
import dev.orun.store.RunSummary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The seed's list items ({@code run_id, created_at, status, current_step, last_updated_at}, and {@code input} and
 * {@code execution} when the run has them), one per run, each kept while the run's RUN.json is the same file (inode,
 * size, modification time: every write replaces it by an atomic rename). A list costs a stat per run, and a read
 * only of the records that changed.
 */
final class SeedList {
    private record Entry(Object fileKey, long modifiedNanos, long size, JsonNode item) {
    }

    private final RunStore store;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    SeedList(RunStore store) {
        this.store = store;
    }

    List<JsonNode> items(List<RunSummary> runs) {
        List<JsonNode> out = new ArrayList<>(runs.size());
        for (RunSummary r : runs) {
            JsonNode item = item(r.runId());
            if (item != null) {
                out.add(item);
            }
        }
        if (entries.size() > 2 * runs.size() + 1024) {
            java.util.Set<String> live = new java.util.HashSet<>();
            runs.forEach(r -> live.add(r.runId()));
            entries.keySet().retainAll(live);
        }
        return out;
    }

    /** The run's list item, or null when its record is gone or unreadable now. */
    JsonNode item(String runId) {
        Path file = store.paths().runJson(runId);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            entries.remove(runId);
            return null; // gone since the listing was taken
        }
        long modified = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Entry e = entries.get(runId);
        if (e != null && a.fileKey() != null && Objects.equals(e.fileKey(), a.fileKey()) && e.modifiedNanos() == modified
                && e.size() == a.size()) {
            return e.item();
        }
        ObjectNode item;
        try {
            item = SeedRuns.run(store.paths(), store.load(runId, false).tree());
        } catch (RuntimeException ex) {
            return null; // unreadable now (being replaced, or broken: 'orun run verify' says which)
        }
        item.remove("step_timestamps");
        item.remove("implementation_state");
        entries.put(runId, new Entry(a.fileKey(), modified, a.size(), item));
        return item;
    }
}
