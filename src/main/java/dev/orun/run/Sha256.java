package dev.orun.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lowercase hex, of bytes, text or a file (streamed, bounded memory). */
public final class Sha256 {
    private Sha256() {
    }

    /** Whether this process has started the JDK's digest (then it serves in-memory bytes too: its start is paid). */
    private static volatile boolean jdkStarted;

    public static MessageDigest digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            jdkStarted = true;
            return md;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * The digest of bytes held in memory (a record, a memo entry, a field of the seal). Computed here, FIPS 180-4's
     * SHA-256 as written: a short write would otherwise pay ~20 ms for the JDK's security providers to start
     * (MessageDigest.getInstance reads java.security and registers every provider's services), and the JDK's own
     * SHA-256 runs this same loop until C2 compiles it (the launcher keeps C2 off for short commands). Files (gate
     * finish hashes gigabytes) go through {@link #file} and the JDK, whose C2 intrinsic is 8x faster. Sha256Test
     * holds the two to one digest on every length to 1,100 bytes and on random megabytes.
     */
    public static String hex(byte[] bytes) {
        // Once the JDK's digest is started (gate finish hashes files with it, and the launcher brings its compression
        // loop to C2's intrinsic early) it is the faster one.
        return HexFormat.of().formatHex(jdkStarted || bytes.length > IN_MEMORY_LIMIT ? digest().digest(bytes) : sha256(bytes));
    }

    /** Above this, the JDK's digest (its intrinsic pays off over its start). */
    static final int IN_MEMORY_LIMIT = 1 << 20;

    /**
     * Whether files of {@code totalBytes} in all are better read whole and digested by {@link #hex(byte[])}: up to
     * {@link #IN_MEMORY_LIMIT} and while the JDK's digest is not started (a gate of a few research files then
     * never starts the security providers, ~20 ms).
     */
    public static boolean inMemoryFor(long totalBytes) {
        return !jdkStarted && totalBytes <= IN_MEMORY_LIMIT;
    }

    private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    /** SHA-256 of {@code message} (FIPS 180-4, section 6.2). */
    static byte[] sha256(byte[] message) {
        int n = message.length;
        int blocks = (n + 9 + 63) >>> 6;
        byte[] padded = java.util.Arrays.copyOf(message, blocks << 6);
        padded[n] = (byte) 0x80;
        long bits = (long) n << 3;
        for (int i = 0; i < 8; i++) {
            padded[padded.length - 1 - i] = (byte) (bits >>> (8 * i));
        }
        int h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
        int h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
        int[] w = new int[64];
        for (int off = 0; off < padded.length; off += 64) {
            for (int t = 0; t < 16; t++) {
                int p = off + (t << 2);
                w[t] = (padded[p] & 0xff) << 24 | (padded[p + 1] & 0xff) << 16 | (padded[p + 2] & 0xff) << 8 | (padded[p + 3] & 0xff);
            }
            for (int t = 16; t < 64; t++) {
                int x = w[t - 15];
                int y = w[t - 2];
                int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
                int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            int a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
            for (int t = 0; t < 64; t++) {
                int t1 = h + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                        + ((e & f) ^ (~e & g)) + K[t] + w[t];
                int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                        + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            h0 += a;
            h1 += b;
            h2 += c;
            h3 += d;
            h4 += e;
            h5 += f;
            h6 += g;
            h7 += h;
        }
        int[] hs = {h0, h1, h2, h3, h4, h5, h6, h7};
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[i << 2] = (byte) (hs[i] >>> 24);
            out[(i << 2) + 1] = (byte) (hs[i] >>> 16);
            out[(i << 2) + 2] = (byte) (hs[i] >>> 8);
            out[(i << 2) + 3] = (byte) hs[i];
        }
        return out;
    }

    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String file(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
