package dev.orun.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A secret is masked in its base64 forms too: alone, and inside longer base64 text at every alignment. */
class SecretsBase64Test {
    private static final String KEY = "dpl_planted_0a1b2c3d4e5f60718293a4b5";

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_base64_of_a_secret_is_masked_at_every_alignment() {
        Secrets secrets = new Secrets(List.of(KEY));
        for (String around : List.of("", "u", "us", "user:")) {
            String encoded = b64(around + KEY);
            String line = "Authorization: Basic " + encoded;
            String scrubbed = secrets.scrub(line);
            assertTrue(scrubbed.contains(Secrets.MASK), "prefix '" + around + "': " + scrubbed);
            for (String core : Secrets.base64Cores(KEY)) {
                assertFalse(scrubbed.contains(core), "prefix '" + around + "': " + scrubbed);
            }
        }
        assertTrue(secrets.scrub("key=" + b64(KEY) + "\n").contains(Secrets.MASK));
        assertTrue(Secrets.base64Cores("short").isEmpty(), "no core for a value too short to have one");
    }
}
