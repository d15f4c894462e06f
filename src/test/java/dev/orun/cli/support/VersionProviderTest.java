package dev.orun.cli.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionProviderTest {
    @Test
    void the_version_is_the_one_the_build_wrote_from_the_pom() throws IOException {
        Matcher m = Pattern.compile("<artifactId>orun</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "pom.xml names orun's version");
        assertEquals(m.group(1), VersionProvider.VERSION, "dev.orun.BuildInfo is written from the pom at generate-sources");
        assertEquals("orun " + m.group(1), VersionProvider.version());
    }
}
