package dev.orun.schema;

import dev.orun.BuildInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The run schema a write checks by (a constant the build writes) is the one the jar bundles and contracts/ holds. */
class BundledSchemaTest {
    @Test
    void the_constant_is_the_bundled_file_byte_for_byte() throws IOException {
        byte[] file = Files.readAllBytes(Path.of("contracts", SchemaValidator.RUN));
        try (InputStream in = SchemaValidator.class.getResourceAsStream("/contracts/" + SchemaValidator.RUN)) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), BuildInfo.RUN_SCHEMA);
        }
        assertEquals(new String(file, StandardCharsets.UTF_8), BuildInfo.RUN_SCHEMA);
        assertEquals(Json.STRICT.readTree(file), SchemaValidator.bundled(SchemaValidator.RUN));
    }
}
