package dev.orun.store;

import dev.orun.error.OrunException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The gitignored listing index, {@code runs/.cache/run-index.tsv}: one line per run with the size and
 * modification time of its RUN.json and the fields {@code run list} shows and searches. Each list checks it
 * against the runs folder and re-reads only what changed; a missing or corrupt index is rebuilt. It is
 * replaced atomically, so a reader never sees a torn index. Never committed, and never the truth: RUN.json is.
 */
public final class RunIndex {
    static final String HEADER = "orun-run-index\t4";
    private static final int FIELDS = 15;
    private final RunStore store;

    public RunIndex(RunStore store) {
        this.store = store;
    }

    public Path file() {
        return store.paths().cacheDir().resolve("run-index.tsv");
    }

    /** Every readable run, newest first; a run that cannot be read is reported to {@code warn} and left out. */
    public List<RunSummary> all(Consumer<String> warn) {
        // The index file is read and parsed on its own thread while this one lists and stats the runs.
        // Classes, not lambdas: a warm list runs none (the first one of a process costs it ~13 ms, docs/performance.md).
        java.util.concurrent.FutureTask<Map<String, Entry>> reading = new java.util.concurrent.FutureTask<>(
                new java.util.concurrent.Callable<Map<String, Entry>>() {
                    @Override
                    public Map<String, Entry> call() throws Exception {
                        return read();
                    }
                });
        Thread reader = new Thread(reading, "orun-index-read");
        reader.setDaemon(true);
        reader.start();
        List<String> ids = store.unsortedRunIds();
        Stamp[] stamps = statAll(ids);
        Map<String, Entry> cached;
        try {
            cached = reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cached = new HashMap<>();
        } catch (java.util.concurrent.ExecutionException e) {
            cached = new HashMap<>(); // unreadable index: rebuild
        }
        // A warm list: every run there is, and only those, in the index with the stamp it has now. Then the index's
        // entries, in its order (newest first: read() refuses any other), are the answer as they are.
        if (cached.size() == ids.size() && allUnchanged(ids, stamps, cached)) {
            List<RunSummary> out = new ArrayList<>(cached.size());
            for (Entry e : cached.values()) {
                out.add(e.summary);
            }
            return out;
        }
        Map<String, Entry> fresh = new ConcurrentHashMap<>(ids.size() * 2);
        Map<String, String> problems = new ConcurrentHashMap<>();
        List<String> stale = new ArrayList<>();
        int indexed = 0;
        for (int i = 0; i < stamps.length; i++) {
            String id = ids.get(i);
            Stamp stamp = stamps[i];
            if (stamp == null) {
                problems.put(id, "no " + store.paths().relative(store.paths().runJson(id)));
                continue;
            }
            Entry e = cached.get(id);
            if (e != null) {
                indexed++;
            }
            if (e != null && e.stamp.same(stamp)) {
                fresh.put(id, e);
            } else {
                stale.add(id);
            }
        }
        // Re-read what changed, on every core: the first list after a clone reads every record.
        // Reading is latency-bound (many small files), so more threads than cores pay off here.
        // A few (the list after a write: one) on this thread: a pool and a parallel stream cost a list ~15 ms to start.
        if (!stale.isEmpty() && stale.size() < 16) {
            for (String id : stale) {
                reindex(id, fresh, problems);
            }
        } else if (!stale.isEmpty()) {
            java.util.concurrent.ForkJoinPool readers = new java.util.concurrent.ForkJoinPool(Math.min(8, Math.max(2, stale.size() / 64)));
            try {
                readers.submit(() -> stale.parallelStream().forEach(id -> reindex(id, fresh, problems))).join();
            } finally {
                readers.shutdown();
            }
        }
        // Newest first. The index keeps its lines in that order (read() refuses one that does not), so when it
        // holds exactly the runs there are, its order is the answer and 10,000 ids need no sorting.
        List<String> order;
        if (indexed == ids.size() && cached.size() == ids.size()) {
            order = new ArrayList<>(cached.keySet());
        } else {
            order = new ArrayList<>(ids);
            order.sort(Collections.reverseOrder());
        }
        boolean changed = !stale.isEmpty() || cached.size() != fresh.size();
        if (changed) {
            write(order, fresh);
        }
        List<RunSummary> out = new ArrayList<>(order.size());
        for (String id : order) {
            Entry e = fresh.get(id);
            if (e != null) {
                out.add(e.summary);
            } else if (problems.containsKey(id)) {
                warn.accept("skipping " + id + ": " + problems.get(id));
            }
        }
        return out;
    }

    /** Whether each listed run has a RUN.json whose stamp is the one its index entry holds. */
    private static boolean allUnchanged(List<String> ids, Stamp[] stamps, Map<String, Entry> cached) {
        for (int i = 0; i < stamps.length; i++) {
            Entry e = cached.get(ids.get(i));
            if (e == null || !e.stamp.same(stamps[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * One stat per run, on two threads (this one and a helper): with the index read, this is the whole cost of a
     * warm list. Plain threads and arrays: a parallel stream's set-up costs more than it saves at this size.
     */
    private Stamp[] statAll(List<String> ids) {
        Stamp[] stamps = new Stamp[ids.size()];
        SplitWork.inHalves(ids.size(), 2, "orun-index-stat", new SplitWork.Range() {
            @Override
            public void run(int from, int to) {
                statRange(ids, stamps, from, to);
            }
        });
        return stamps;
    }

    private void statRange(List<String> ids, Stamp[] stamps, int from, int to) {
        for (int i = from; i < to; i++) {
            stamps[i] = stamp(ids.get(i));
        }
    }

    private void reindex(String id, Map<String, Entry> fresh, Map<String, String> problems) {
        try {
            Stamp before = stamp(id);
            byte[] bytes = Files.readAllBytes(store.paths().runJson(id));
            RunSummary s = RunSummary.of(store.parseForListing(id, store.paths().runJson(id), bytes));
            if (before != null && before.size == bytes.length && before.same(stamp(id))) {
                fresh.put(id, new Entry(before, s));
            } else {
                // Changed while we read it: show it, but do not cache a stamp that may not match.
                fresh.put(id, new Entry(Stamp.UNKNOWN, s));
            }
        } catch (OrunException e) {
            problems.put(id, e.getMessage());
        } catch (IOException e) {
            problems.put(id, "cannot read: " + e.getMessage());
        }
    }

    /** Size, modification time (nanoseconds) and a hash of device and inode of a run's RUN.json; null when absent. */
    private Stamp stamp(String id) {
        try {
            BasicFileAttributes a = Files.readAttributes(store.paths().runJson(id), BasicFileAttributes.class);
            Object key = a.fileKey();
            return new Stamp(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    key == null ? 0 : key.hashCode());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private Map<String, Entry> read() {
        Path f = file();
        String text;
        try {
            text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        } catch (IOException e) {
            return new HashMap<>(); // unreadable: rebuild
        }
        if (!text.startsWith(HEADER + "\n")) {
            return new HashMap<>(); // corrupt or another version: rebuild
        }
        // A plain loop over the text: streams and their fork-join pool cost more to start than this whole parse.
        Map<String, Entry> map = new java.util.LinkedHashMap<>(text.length() / 100);
        String[] fields = new String[FIELDS];
        int at = HEADER.length() + 1;
        String previous = null;
        while (at < text.length()) {
            int nl = text.indexOf('\n', at);
            if (nl < 0) {
                return new HashMap<>(); // torn last line: rebuild everything
            }
            Entry e = Entry.parse(text, at, nl, fields);
            if (e == null) {
                return new HashMap<>(); // any bad line: rebuild everything
            }
            String id = e.summary.runId();
            if (previous != null && id.compareTo(previous) >= 0) {
                return new HashMap<>(); // not newest first, or a run twice: rebuild
            }
            previous = id;
            map.put(id, e);
            at = nl + 1;
        }
        return map;
    }

    private void write(List<String> ids, Map<String, Entry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 256);
        sb.append(HEADER).append('\n');
        for (String id : ids) {
            Entry e = entries.get(id);
            if (e != null && e.stamp.size >= 0) {
                e.appendTo(sb);
            }
        }
        try {
            IgnoredFolder.ensure(file().getParent());
            AtomicFiles.write(file(), sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            // The index is only a cache: a read-only checkout still lists, just without it.
        }
    }

    /** What a RUN.json looked like when indexed. Compared field by field: a record's generated equals costs a
     * method-handle bootstrap on first use, which is more than a warm list's whole comparison. */
    record Stamp(long size, long mtime, int key) {
        static final Stamp UNKNOWN = new Stamp(-1, -1, 0);

        boolean same(Stamp o) {
            return o != null && size == o.size && mtime == o.mtime && key == o.key;
        }
    }

    record Entry(Stamp stamp, RunSummary summary) {
        void appendTo(StringBuilder sb) {
            RunSummary s = summary;
            String[] fields = {s.runId(), Long.toString(stamp.size), Long.toString(stamp.mtime), Integer.toString(stamp.key), s.workflow(), s.slug(),
                    s.status(), nz(s.depth()), s.startedAt(), nz(s.finishedAt()), Integer.toString(s.gatesPassed()),
                    Integer.toString(s.gatesTotal()), s.legacy() ? "1" : "0", String.join(",", s.agents()), s.searchText()};
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                escape(sb, fields[i]);
            }
            sb.append('\n');
        }

        static Entry parse(String line) {
            return parse(line, 0, line.length(), new String[FIELDS]);
        }

        /** The fields that are numbers (or the legacy flag): parsed where they are, never copied out as strings. */
        private static final boolean[] NUMERIC = new boolean[FIELDS];

        static {
            for (int i : new int[] {1, 2, 3, 10, 11, 12}) {
                NUMERIC[i] = true;
            }
        }

        /** Parses the line {@code text[from, to)}; null when it is not a well-formed index line. */
        static Entry parse(String text, int from, int to, String[] f) {
            int[] starts = new int[FIELDS];
            int[] ends = new int[FIELDS];
            int n = 0;
            int at = from;
            try {
                while (true) {
                    int tab = text.indexOf('\t', at);
                    int end = tab < 0 || tab > to ? to : tab;
                    if (n == FIELDS) {
                        return null; // too many fields
                    }
                    starts[n] = at;
                    ends[n] = end;
                    f[n] = NUMERIC[n] ? null : unescape(text.substring(at, end));
                    n++;
                    if (end == to) {
                        break;
                    }
                    at = end + 1;
                }
                if (n != FIELDS) {
                    return null;
                }
                Stamp stamp = new Stamp(Long.parseLong(text, starts[1], ends[1], 10), Long.parseLong(text, starts[2], ends[2], 10),
                        Integer.parseInt(text, starts[3], ends[3], 10));
                List<String> agents = f[13].isEmpty() ? List.of() : List.of(f[13].split(","));
                boolean legacy = ends[12] - starts[12] == 1 && text.charAt(starts[12]) == '1';
                RunSummary s = new RunSummary(f[0], f[4], f[5], f[6], f[7].isEmpty() ? null : f[7], f[8],
                        f[9].isEmpty() ? null : f[9], Integer.parseInt(text, starts[10], ends[10], 10),
                        Integer.parseInt(text, starts[11], ends[11], 10), legacy, agents, f[14]);
                return new Entry(stamp, s);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }

        private static void escape(StringBuilder sb, String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c);
                }
            }
        }

        private static String unescape(String s) {
            if (s.indexOf('\\') < 0) {
                return s;
            }
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= s.length()) {
                        throw new IllegalArgumentException("dangling escape");
                    }
                    char n = s.charAt(++i);
                    sb.append(switch (n) {
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case '\\' -> '\\';
                        default -> throw new IllegalArgumentException("bad escape");
                    });
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }

    /** For tests: the ids the index holds right now. */
    List<String> indexedIds() {
        List<String> ids = new ArrayList<>(read().keySet());
        Collections.sort(ids);
        return ids;
    }
}
