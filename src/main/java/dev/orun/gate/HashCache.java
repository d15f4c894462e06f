package dev.orun.gate;

import dev.orun.schema.JsonText;
import dev.orun.schema.RecordTrees;
import dev.orun.schema.TreeReader;
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
 * time, change time (ctime, where the file system has one) and file key (device and inode), so unchanged files
 * are not read again. The rule is git's index rule: stat data that all match mean the same content. Two guards,
 * as in git: a file modified in the last two seconds is not cached ("racy" in git's terms: a second change within
 * the clock's resolution would otherwise go unseen), and the ctime, which no tool can set back, catches an edit
 * that kept the size and restored the mtime (git compares it too, unless core.trustctime is off).
 */
public final class HashCache {
    private static final long RACY_MILLIS = 2000;

    private final Path file;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    record Entry(long size, long mtimeNanos, long ctimeNanos, String fileKey, String sha256) {
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
            JsonNode tree = TreeReader.read(java.nio.file.Files.readAllBytes(file));
            JsonNode files = tree.get("files");
            if (files == null || !files.isObject()) {
                return;
            }
            for (Map.Entry<String, JsonNode> e : files.properties()) {
                JsonNode v = e.getValue();
                // An entry of an older orun has no ctime_nanos: -2 matches no file, so it is hashed again.
                entries.put(e.getKey(), new Entry(v.get("size").asLong(), v.get("mtime_nanos").asLong(),
                        v.path("ctime_nanos").asLong(-2), v.get("file_key").asString(), v.get("sha256").asString()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // A cache is rebuildable: a damaged one is ignored and rewritten.
            entries.clear();
        }
    }

    static String key(BasicFileAttributes a) {
        Object k = a.fileKey();
        return k == null ? "" : k.toString();
    }

    /**
     * The file's change time in nanoseconds, or -1 where the file system view has none (then only size, mtime and
     * file key are compared, as git does with core.trustctime off).
     */
    public static long ctimeNanos(Path file) {
        try {
            Object t = Files.getAttribute(file, "unix:ctime");
            return t instanceof java.nio.file.attribute.FileTime ft ? ft.to(java.util.concurrent.TimeUnit.NANOSECONDS) : -1;
        } catch (UnsupportedOperationException | IllegalArgumentException | java.io.IOException e) {
            return -1;
        }
    }

    /** The cached hash when path, size, mtime, ctime and file key all match; else null. */
    public String lookup(String path, BasicFileAttributes a, long ctimeNanos) {
        Entry e = entries.get(path);
        if (e == null) {
            return null;
        }
        long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        return e.size == a.size() && e.mtimeNanos == mtime && e.ctimeNanos == ctimeNanos && e.fileKey.equals(key(a))
                ? e.sha256 : null;
    }

    public void store(String path, BasicFileAttributes a, long ctimeNanos, String sha256) {
        long mtimeMillis = a.lastModifiedTime().toMillis();
        if (clock.millis() - mtimeMillis < RACY_MILLIS) {
            entries.remove(path);
            return;
        }
        entries.put(path, new Entry(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), ctimeNanos, key(a), sha256));
        dirty = true;
    }

    /** Writes the cache when it changed; a failure to write a cache never fails a gate. */
    public void save() {
        if (!dirty) {
            return;
        }
        ObjectNode root = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ObjectNode files = root.putObject("files");
        for (Map.Entry<String, Entry> saved : new java.util.TreeMap<>(entries).entrySet()) { // a loop: no lambda in gate finish
            Entry e = saved.getValue();
            ObjectNode n = files.putObject(saved.getKey());
            n.put("size", e.size);
            n.put("mtime_nanos", e.mtimeNanos);
            n.put("ctime_nanos", e.ctimeNanos);
            n.put("file_key", e.fileKey);
            n.put("sha256", e.sha256);
        }
        try {
            IgnoredFolder.ensure(file.getParent());
            AtomicFiles.write(file, JsonText.prettyBytes(root));
            dirty = false;
        } catch (RuntimeException ignored) {
            // the cache only saves time
        }
    }
}
