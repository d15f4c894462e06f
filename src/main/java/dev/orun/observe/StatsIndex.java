package dev.orun.observe;

import dev.orun.error.OrunException;
import dev.orun.store.AtomicFiles;
import dev.orun.store.IgnoredFolder;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code runs/.cache/stats-index.tsv}: each run's {@link RunFigures} with the size and modification time of the
 * RUN.json they came from. Like the listing index it is a gitignored cache, never the truth: each use stats the
 * runs, re-reads only what changed (validated, on several threads) and rewrites it atomically when anything did.
 */
public final class StatsIndex {
    static final String HEADER = "orun-stats-index\t1";
    private final RunStore store;

    public StatsIndex(RunStore store) {
        this.store = store;
    }

    public Path file() {
        return store.paths().cacheDir().resolve("stats-index.tsv");
    }

    private record Entry(long size, long mtime, RunFigures figures) {
    }

    /** Every readable run's figures; a run that cannot be read is reported to {@code warn} and left out. */
    public List<RunFigures> all(Consumer<String> warn) {
        // As the listing index does: the cache is read and parsed on its own thread while this one lists the runs
        // and stats them (on two threads), so a warm stats costs about what a warm run list does.
        FutureTask<Map<String, Entry>> reading = new FutureTask<>(this::read);
        Thread reader = new Thread(reading, "orun-stats-read");
        reader.setDaemon(true);
        reader.start();
        List<String> ids = store.runIds();
        long[][] stamped = statAll(ids);
        Map<String, Entry> cached;
        try {
            cached = reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cached = new HashMap<>();
        } catch (ExecutionException e) {
            cached = new HashMap<>(); // unreadable cache: rebuilt
        }
        Map<String, Entry> fresh = new ConcurrentHashMap<>(ids.size() * 2);
        List<String> stale = new ArrayList<>();
        Map<String, long[]> stamps = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            long[] st = stamped[i];
            if (st == null) {
                continue;
            }
            stamps.put(id, st);
            Entry e = cached.get(id);
            if (e != null && e.size == st[0] && e.mtime == st[1]) {
                fresh.put(id, e);
            } else {
                stale.add(id);
            }
        }
        Map<String, String> problems = new ConcurrentHashMap<>();
        if (!stale.isEmpty()) {
            ForkJoinPool pool = new ForkJoinPool(Math.min(8, Math.max(2, stale.size() / 64)));
            try {
                pool.submit(() -> stale.parallelStream().forEach(id -> {
                    Path file = store.paths().runJson(id);
                    try {
                        byte[] bytes = Files.readAllBytes(file);
                        RunFigures f = RunFigures.of(id, store.parse(id, file, bytes, false).tree());
                        long[] st = stamps.get(id);
                        fresh.put(id, new Entry(st[0] == bytes.length ? st[0] : -1, st[1], f));
                    } catch (OrunException e) {
                        problems.put(id, e.getMessage());
                    } catch (IOException e) {
                        problems.put(id, "cannot read: " + e.getMessage());
                    }
                })).join();
            } finally {
                pool.shutdown();
            }
        }
        if (!stale.isEmpty() || cached.size() != fresh.size()) {
            write(ids, fresh);
        }
        List<RunFigures> out = new ArrayList<>(fresh.size());
        for (String id : ids) {
            Entry e = fresh.get(id);
            if (e != null) {
                out.add(e.figures);
            } else if (problems.containsKey(id)) {
                warn.accept("skipping " + id + ": " + problems.get(id));
            }
        }
        return out;
    }

    /** Each run's RUN.json size and mtime (null when it has none), the second half on a helper thread. */
    private long[][] statAll(List<String> ids) {
        long[][] out = new long[ids.size()][];
        dev.orun.store.SplitWork.inHalves(ids.size(), 512, "orun-stats-stat", (from, to) -> statRange(ids, out, from, to));
        return out;
    }

    private void statRange(List<String> ids, long[][] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = stamp(store.paths().runJson(ids.get(i)));
        }
    }

    private static long[] stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new long[] {a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)};
        } catch (IOException e) {
            return null;
        }
    }

    private Map<String, Entry> read() {
        String text;
        try {
            text = new String(Files.readAllBytes(file()), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        } catch (IOException e) {
            return new HashMap<>();
        }
        if (!text.startsWith(HEADER + "\n")) {
            return new HashMap<>();
        }
        Map<String, Entry> map = new HashMap<>(text.length() / 80);
        int at = HEADER.length() + 1;
        while (at < text.length()) {
            int nl = text.indexOf('\n', at);
            String line = text.substring(at, nl < 0 ? text.length() : nl);
            at = nl < 0 ? text.length() : nl + 1;
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 11) {
                return new HashMap<>(); // a torn or foreign line: rebuild it all
            }
            try {
                map.put(f[2], new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), RunFigures.parse(f, 2)));
            } catch (RuntimeException e) {
                return new HashMap<>();
            }
        }
        return map;
    }

    private void write(List<String> ids, Map<String, Entry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 160);
        sb.append(HEADER).append('\n');
        for (String id : ids) {
            Entry e = entries.get(id);
            if (e != null && e.size >= 0) {
                sb.append(e.size).append('\t').append(e.mtime).append('\t').append(e.figures.line()).append('\n');
            }
        }
        try {
            IgnoredFolder.ensure(file().getParent());
            AtomicFiles.write(file(), sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            // only a cache: a read-only checkout still answers, just without it
        }
    }
}
