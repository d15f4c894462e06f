package dev.orun.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ArtifactHasherTest {
    @TempDir
    Path root;

    @Test
    void hashes_every_file_whole_and_answers_in_the_order_asked_whatever_the_sizes() throws Exception {
        // Sizes around the buffer's edges, smallest first: the hasher starts the largest first, the answer keeps this order.
        int b = ArtifactHasher.BUFFER;
        hashesAsTheJdk(new int[] {0, 1, b - 1, b, b + 1, 3 * b + 17, 9 * b});
    }

    /** Files read whole and digested by orun's own SHA-256, and streamed through the JDK's: the same digests. */
    @Test
    void both_ways_give_the_jdk_s_digest() throws Exception {
        for (Boolean whole : new Boolean[] {true, false, null}) {
            this.whole = whole;
            hashesAsTheJdk(new int[] {0, 55, 56, 64, 1000, 10_000, ArtifactHasher.BUFFER + 3});
        }
        org.junit.jupiter.api.Assertions.assertFalse(dev.orun.run.Sha256.inMemoryFor((1 << 20) + 1), "over a MiB: the JDK's");
    }

    private Boolean whole;

    private void hashesAsTheJdk(int[] sizes) throws Exception {
        Random random = new Random(14);
        List<Path> paths = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] bytes = new byte[sizes[i]];
            random.nextBytes(bytes);
            Path p = root.resolve("out/part-" + i + ".bin");
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            paths.add(p);
            expected.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        for (int threads : new int[] {1, 3}) {
            Map<Path, FileHash> got = new ArtifactHasher(new RepoFiles(root), null, threads).hash(paths, HashProgress.NONE, whole);
            assertEquals(paths, new ArrayList<>(got.keySet()), threads + " threads");
            for (int i = 0; i < sizes.length; i++) {
                FileHash h = got.get(paths.get(i));
                assertEquals(expected.get(i), h.sha256(), "part-" + i + " (" + sizes[i] + " bytes), " + threads + " threads");
                assertEquals(sizes[i], h.bytes());
                assertFalse(h.cached());
            }
        }
    }
}
