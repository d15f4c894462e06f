package dev.orun.run;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** orun's in-memory SHA-256 gives the JDK's digest, on the FIPS 180-4 examples, every length around the padding and random megabytes. */
class Sha256Test {
    private static String jdk(byte[] b) {
        return HexFormat.of().formatHex(Sha256.digest().digest(b));
    }

    @Test
    void the_standards_examples() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
    }

    @Test
    void every_length_to_1100_bytes_and_random_megabytes_give_the_jdks_digest() {
        Random r = new Random(256);
        for (int n = 0; n <= 1100; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            assertEquals(jdk(b), HexFormat.of().formatHex(Sha256.sha256(b)), "length " + n);
        }
        for (int n : new int[] {Sha256.IN_MEMORY_LIMIT - 1, Sha256.IN_MEMORY_LIMIT, Sha256.IN_MEMORY_LIMIT + 1, 3_000_017}) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            assertEquals(jdk(b), HexFormat.of().formatHex(Sha256.sha256(b)), "length " + n);
            assertEquals(jdk(b), Sha256.hex(b), "hex of length " + n);
        }
        assertEquals(jdk("é中😀".getBytes(StandardCharsets.UTF_8)), Sha256.hex("é中😀"));
    }
}
