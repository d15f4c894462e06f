package dev.orun.cli.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class VersionProviderTest {
    @Test
    void the_version_constant_is_the_poms_version() throws IOException {
        // version.txt is "${project.version}" filtered by the build: the pom's version, whatever it is now.
        try (InputStream in = VersionProviderTest.class.getResourceAsStream("/dev/orun/version.txt")) {
            assertNotNull(in, "version.txt is bundled");
            String pom = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(pom, VersionProvider.VERSION, "bump VersionProvider.VERSION with the pom's <version>");
            assertEquals("orun " + pom, VersionProvider.version());
        }
    }
}
