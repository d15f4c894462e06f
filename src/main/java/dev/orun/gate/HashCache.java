package dev.orun.gate;

import dev.orun.schema.Json;
import dev.orun.store.AtomicFiles;
import dev.orun.store.IgnoredFolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rebuildable cache of file hashes in {@code runs/.cache/hashes.json}, keyed by path, size, modification
 * time and file key, so unchanged files are not read again. A file modified in the last two seconds is not
 * cached: a second change within the clock's resolution would otherwise go unseen.
 */
public final class HashCache {
    private static final long RACY_MILLIS = 2000;

    private final Path file;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    record Entry(long size, long mtimeNanos, String fileKey, String sha256) {
    }

    public HashCache(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        load();
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode tree = Json.LENIENT.readTree(file.toFile());
            JsonNode files = tree.get("files");
            if (files == null || !files.isObject()) {
                return;
            }
            for (Map.Entry<String, JsonNode> e : files.properties()) {
                JsonNode v = e.getValue();
                entries.put(e.getKey(), new Entry(v.get("size").asLong(), v.get("mtime_nanos").asLong(),
                        v.get("file_key").asString(), v.get("sha256").asString()));
            }
        } catch (RuntimeException e) {
            // A cache is rebuildable: a damaged one is ignored and rewritten.
            entries.clear();
        }
    }

    static String key(BasicFileAttributes a) {
        Object k = a.fileKey();
        return k == null ? "" : k.toString();
    }

    /** The cached hash when path, size, mtime and file key all match; else null. */
    public String lookup(String path, BasicFileAttributes a) {
        Entry e = entries.get(path);
        if (e == null) {
            return null;
        }
        long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        return e.size == a.size() && e.mtimeNanos == mtime && e.fileKey.equals(key(a)) ? e.sha256 : null;
    }

    public void store(String path, BasicFileAttributes a, String sha256) {
        long mtimeMillis = a.lastModifiedTime().toMillis();
        if (clock.millis() - mtimeMillis < RACY_MILLIS) {
            entries.remove(path);
            return;
        }
        entries.put(path, new Entry(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), key(a), sha256));
        dirty = true;
    }

    /** Writes the cache when it changed; a failure to write a cache never fails a gate. */
    public void save() {
        if (!dirty) {
            return;
        }
        ObjectNode root = Json.STRICT.createObjectNode();
        ObjectNode files = root.putObject("files");
        new java.util.TreeMap<>(entries).forEach((path, e) -> {
            ObjectNode n = files.putObject(path);
            n.put("size", e.size);
            n.put("mtime_nanos", e.mtimeNanos);
            n.put("file_key", e.fileKey);
            n.put("sha256", e.sha256);
        });
        try {
            IgnoredFolder.ensure(file.getParent());
            AtomicFiles.write(file, Json.prettyBytes(root));
            dirty = false;
        } catch (RuntimeException ignored) {
            // the cache only saves time
        }
    }
}
