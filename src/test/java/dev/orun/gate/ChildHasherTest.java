package dev.orun.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs hashed by a child JVM (a real one, started as gate finish starts it) have the digests this JVM gives. */
class ChildHasherTest {
    /** An hour from now: the files just written are not too new to cache. */
    private static final Clock LATER = Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(1));

    @TempDir
    Path root;

    @Test
    void theChildsDigestsAreTheJdksAndTheCacheKeepsThem() throws IOException {
        Random random = new Random(9);
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] b = new byte[i == 0 ? 0 : (5 << 20) + random.nextInt(1 << 20)]; // 20-24 MiB in all: past ChildHasher.FROM
            random.nextBytes(b);
            files.add(Files.write(root.resolve("part-" + i + ".bin"), b));
        }
        Map<Path, FileHash> here = new ArtifactHasher(new RepoFiles(root), null).hash(files, HashProgress.NONE, false);
        Map<Path, String> child = ChildHasher.hash(root, files);
        for (Path f : files) {
            assertEquals(here.get(f).sha256(), child.get(f), f.toString());
        }
        // through the hasher, as gate finish runs it (C1 alone, so the child is wanted): the same digests, cached
        String before = System.getProperty("orun.jit");
        System.setProperty("orun.jit", "c1");
        try {
            assertTrue(ChildHasher.wanted(16L << 20) && !ChildHasher.wanted((16L << 20) - 1));
            HashCache cache = new HashCache(root.resolve("hashes.json"), LATER);
            // the child reports a file once it has hashed it all; this JVM streaming it would report every 64 KiB
            int[] reports = {0};
            HashProgress counted = new HashProgress() {
                @Override
                public void advanced(long bytesDone, long bytesTotal) {
                    synchronized (reports) {
                        reports[0]++;
                    }
                }
            };
            Map<Path, FileHash> viaChild = new ArtifactHasher(new RepoFiles(root), cache).hash(files, counted, false);
            assertEquals(files.size(), reports[0], "hashed by the child, one report a file");
            for (Path f : files) {
                assertEquals(here.get(f).sha256(), viaChild.get(f).sha256(), f.toString());
                assertEquals(Files.size(f), viaChild.get(f).bytes());
            }
            Map<Path, FileHash> again = new ArtifactHasher(new RepoFiles(root), new HashCache(root.resolve("hashes.json"), LATER))
                    .hash(files, HashProgress.NONE, false);
            assertTrue(again.values().stream().allMatch(FileHash::cached), "the child's digests were cached: " + again);
        } finally {
            if (before == null) {
                System.clearProperty("orun.jit");
            } else {
                System.setProperty("orun.jit", before);
            }
        }
        assertFalse(ChildHasher.wanted(1L << 30), "a JVM with C2 hashes itself");
    }

    @Test
    void aFileTheChildCannotReadIsAnErrorNamingIt() {
        Path missing = root.resolve("gone.bin");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ChildHasher.hash(root, List.of(missing)));
        assertTrue(e.getMessage().contains("gone.bin"), e.getMessage());
    }

    @Test
    void onlyDigestLinesAreDigests() {
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertTrue(ChildHasher.isDigestLine(sha + " 0") && ChildHasher.isDigestLine(sha + " 1073741824"));
        for (String no : List.of(sha, sha + " ", sha + " 1x", sha.toUpperCase() + " 1", "x" + sha.substring(1) + " 1",
                "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes", "")) {
            assertFalse(ChildHasher.isDigestLine(no), no);
        }
    }
}
