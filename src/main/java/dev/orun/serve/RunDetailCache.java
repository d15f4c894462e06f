package dev.orun.serve;

import dev.orun.store.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /runs/:id} answers, kept while the run's RUN.json is the same file: same inode, size and modification
 * time (every write replaces it by an atomic rename, so any change, by any process, is a new file). The file's
 * attributes are read before the answer is rendered, so a change while rendering is seen next time. A run with a
 * lease is never answered from here: its read may find the driving process dead and persist INTERRUPTED.
 */
final class RunDetailCache {
    private static final int MAX_RUNS = 4096;

    private record Entry(Object fileKey, long modifiedNanos, long size, byte[] json) {
    }

    private final RunStore store;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    RunDetailCache(RunStore store) {
        this.store = store;
    }

    byte[] get(String runId, Supplier<byte[]> render) {
        if (Files.exists(store.leases().file(runId))) {
            return render.get();
        }
        Path file = store.paths().runJson(runId);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            entries.remove(runId);
            return render.get();
        } catch (IOException e) {
            return render.get();
        }
        long modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Entry e = entries.get(runId);
        if (e != null && Objects.equals(e.fileKey(), a.fileKey()) && e.modifiedNanos() == modified && e.size() == a.size()) {
            return e.json();
        }
        byte[] json = render.get();
        if (a.fileKey() != null) {
            if (entries.size() >= MAX_RUNS) {
                entries.clear();
            }
            entries.put(runId, new Entry(a.fileKey(), modified, a.size(), json));
        }
        return json;
    }
}
