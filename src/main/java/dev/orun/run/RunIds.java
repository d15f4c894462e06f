package dev.orun.run;

import dev.orun.error.OrunException;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;

/** Run ids sort by time: {@code run_<UTC start, ms>_<slug>_<6 base-36 chars>}. */
public final class RunIds {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    /**
     * Seeded from the kernel's random source (what SecureRandom's default reads on Linux), without starting the JDK's
     * security providers for it (~15 ms of a run start); where there is no /dev/urandom, from SecureRandom. The suffix
     * keeps two runs of one slug started in the same millisecond apart; it is not a secret.
     */
    private static final Random RANDOM = new Random(seed());

    private RunIds() {
    }

    public static String newRunId(String slug, Instant start) {
        checkSlug(slug);
        return "run_" + Times.compact(start) + "_" + slug + "_" + random(6);
    }

    public static String newInvocationId(Instant at) {
        return "inv_" + at.toEpochMilli() + "_" + random(4);
    }

    public static void checkSlug(String slug) {
        if (!isSlug(slug)) {
            throw OrunException.usage("--slug '" + slug + "' is not a slug: use 1-64 characters of a-z, 0-9 and '-', "
                    + "starting with a letter or digit (pattern [a-z0-9][a-z0-9-]{0,63})");
        }
    }

    /**
     * Whether {@code s} is a slug, {@code [a-z0-9][a-z0-9-]{0,63}} (checked by hand: a write compiles no regex;
     * NameChecksTest holds it to the old regex).
     */
    public static boolean isSlug(String s) {
        return isName(s, "-");
    }

    /**
     * Whether {@code s} is 1-64 characters of a-z and 0-9 and {@code more}, starting with a letter or digit: a slug
     * ({@code more} "-"), a variant ("._-").
     */
    public static boolean isName(String s, String more) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && more.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** The random suffix of a run id (its last 6 characters). */
    public static String suffix(String runId) {
        int i = runId.lastIndexOf('_');
        return i < 0 ? runId : runId.substring(i + 1);
    }

    private static long seed() {
        try (java.io.InputStream in = new java.io.FileInputStream("/dev/urandom")) {
            byte[] b = in.readNBytes(8);
            if (b.length == 8) {
                long v = 0;
                for (byte x : b) {
                    v = v << 8 | (x & 0xff);
                }
                return v ^ System.nanoTime();
            }
        } catch (java.io.IOException | SecurityException e) {
            // no kernel source here: the JDK's
        }
        return new SecureRandom().nextLong();
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
