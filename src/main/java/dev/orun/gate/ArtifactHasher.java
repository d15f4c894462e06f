package dev.orun.gate;

import dev.orun.run.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SHA-256 of many files: streamed through a fixed buffer (bounded memory), files spread over a few threads,
 * and files whose path, size, mtime, ctime and file key are unchanged taken from the {@link HashCache}.
 */
public final class ArtifactHasher {
    /**
     * Per thread, and small: the stream reads through a temporary direct buffer of the same size, and with 1 MiB a
     * GiB cost a third more CPU (0.7 s, most of it in the kernel's copy into that buffer) than with 64 KiB, which is as
     * fast as a plain FileInputStream or a mapped file (docs/performance.md, "Hashing a GiB").
     */
    static final int BUFFER = 64 << 10;

    private final HashCache cache;
    private final RepoFiles files;
    private final int threads;

    public ArtifactHasher(RepoFiles files, HashCache cache) {
        this(files, cache, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public ArtifactHasher(RepoFiles files, HashCache cache, int threads) {
        this.files = files;
        this.cache = cache;
        this.threads = Math.max(1, threads);
    }

    /** Hashes each file (absolute paths inside the repository); the result keeps the input order. */
    public Map<Path, FileHash> hash(List<Path> paths, HashProgress progress) {
        return hash(paths, progress, null);
    }

    /**
     * As {@link #hash(List, HashProgress)}; {@code inMemory} says whether files are read whole and digested by orun's
     * SHA-256 or streamed through the JDK's (null: {@link Sha256#inMemoryFor} the total, which depends on whether this
     * process started the JDK's digest; the tests name the way).
     */
    Map<Path, FileHash> hash(List<Path> paths, HashProgress progress, Boolean inMemory) {
        Map<Path, FileHash> out = new LinkedHashMap<>();
        if (paths.isEmpty()) {
            return out;
        }
        List<BasicFileAttributes> attrs = new ArrayList<>();
        long total = 0;
        for (Path p : paths) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                attrs.add(a);
                total += a.size();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + files.relative(p) + ": " + e.getMessage(), e);
            }
        }
        AtomicLong done = new AtomicLong();
        long totalBytes = total;
        boolean whole = inMemory != null ? inMemory : Sha256.inMemoryFor(total);
        Map<Path, String> fromChild = whole ? Map.of() : fromChild(paths, attrs, total);
        int n = Math.min(threads, paths.size());
        ExecutorService pool = Executors.newFixedThreadPool(n, new HashThreads());
        try {
            // Largest first, so that one big file last does not leave the other threads idle at the end.
            Integer[] order = new Integer[paths.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, new LargestFirst(attrs));
            List<Future<FileHash>> futures = new ArrayList<>(java.util.Collections.nCopies(paths.size(), null));
            for (int i : order) {
                Path p = paths.get(i);
                BasicFileAttributes a = attrs.get(i);
                futures.set(i, pool.submit(new HashOne(p, a, done, totalBytes, progress, whole, fromChild.get(p))));
            }
            for (int i = 0; i < paths.size(); i++) {
                out.put(paths.get(i), futures.get(i).get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } finally {
            pool.shutdownNow();
            progress.finished();
        }
        if (cache != null) {
            cache.save();
        }
        return out;
    }

    /** The digests of the files the cache does not hold, by a child JVM when they are many MiB ({@link ChildHasher}). */
    private Map<Path, String> fromChild(List<Path> paths, List<BasicFileAttributes> attrs, long total) {
        if (!ChildHasher.wanted(total)) {
            return Map.of();
        }
        List<Path> missed = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < paths.size(); i++) {
            Path p = paths.get(i);
            if (cache == null || cache.lookup(files.relative(p), attrs.get(i), HashCache.ctimeNanos(p)) == null) {
                missed.add(p);
                bytes += attrs.get(i).size();
            }
        }
        return ChildHasher.wanted(bytes) ? ChildHasher.hash(files.root(), missed) : Map.of();
    }

    private FileHash hashOne(Path p, BasicFileAttributes a, AtomicLong done, long total, HashProgress progress, boolean whole,
                             String byChild) {
        String rel = files.relative(p);
        long ctime = cache == null ? -1 : HashCache.ctimeNanos(p);
        if (cache != null) {
            String hit = cache.lookup(rel, a, ctime);
            if (hit != null) {
                progress.advanced(done.addAndGet(a.size()), total);
                return new FileHash(hit, a.size(), true);
            }
        }
        if (byChild != null) {
            progress.advanced(done.addAndGet(a.size()), total);
            return remembered(p, a, ctime, rel, byChild, a.size());
        }
        if (whole) {
            byte[] content;
            try {
                content = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + rel + ": " + e.getMessage(), e);
            }
            progress.advanced(done.addAndGet(content.length), total);
            return remembered(p, a, ctime, rel, Sha256.hex(content), content.length);
        }
        MessageDigest md = Sha256.digest();
        byte[] buffer = new byte[BUFFER];
        long bytes = 0;
        // A read-only stream: a FileChannel could write, and only store/ opens those (docs/architecture.md).
        try (InputStream in = Files.newInputStream(p)) {
            int r;
            while ((r = in.read(buffer)) >= 0) {
                if (r > 0) {
                    md.update(buffer, 0, r);
                    bytes += r;
                    progress.advanced(done.addAndGet(r), total);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rel + ": " + e.getMessage(), e);
        }
        return remembered(p, a, ctime, rel, HexFormat.of().formatHex(md.digest()), bytes);
    }

    /** The file's hash, put in the cache when the file was stable while it was read. */
    private FileHash remembered(Path p, BasicFileAttributes a, long ctime, String rel, String sha, long bytes) {
        if (cache != null) {
            try {
                BasicFileAttributes after = Files.readAttributes(p, BasicFileAttributes.class);
                // Only cache what was stable while it was read.
                if (after.size() == a.size() && after.lastModifiedTime().equals(a.lastModifiedTime())
                        && HashCache.ctimeNanos(p) == ctime) {
                    cache.store(rel, a, ctime, sha);
                }
            } catch (IOException ignored) {
                // not cached
            }
        }
        return new FileHash(sha, bytes, false);
    }

    // The pool's parts as classes, not lambdas: gate finish then starts no lambda factory (StartupClassesTest).

    /** Daemon threads named orun-hash. */
    private static final class HashThreads implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "orun-hash");
            t.setDaemon(true);
            return t;
        }
    }

    /** Indexes of the files, largest first. */
    private static final class LargestFirst implements java.util.Comparator<Integer> {
        private final List<BasicFileAttributes> attrs;

        LargestFirst(List<BasicFileAttributes> attrs) {
            this.attrs = attrs;
        }

        @Override
        public int compare(Integer x, Integer y) {
            return Long.compare(attrs.get(y).size(), attrs.get(x).size());
        }
    }

    /** One file's hash, on a pool thread. */
    private final class HashOne implements java.util.concurrent.Callable<FileHash> {
        private final Path p;
        private final BasicFileAttributes a;
        private final AtomicLong done;
        private final long total;
        private final HashProgress progress;
        private final boolean whole;
        private final String byChild;

        HashOne(Path p, BasicFileAttributes a, AtomicLong done, long total, HashProgress progress, boolean whole, String byChild) {
            this.p = p;
            this.a = a;
            this.done = done;
            this.total = total;
            this.progress = progress;
            this.whole = whole;
            this.byChild = byChild;
        }

        @Override
        public FileHash call() {
            return hashOne(p, a, done, total, progress, whole, byChild);
        }
    }
}
