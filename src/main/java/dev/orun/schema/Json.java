package dev.orun.schema;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.charset.StandardCharsets;

/**
 * The shared Jackson mappers, configured once. Records are written deterministically:
 * component order, two-space indent, LF, {@code "key": value}, trailing newline.
 */
public final class Json {
    /** Strict: for orun's own files (unknown field = error). */
    public static final JsonMapper STRICT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // A key given twice is an error, not last-wins: a hand edit must not hide behind an earlier value.
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Lenient: for other systems' answers (GitHub, LLM providers) and legacy records. */
    public static final JsonMapper LENIENT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Canonical form for hashing: keys sorted, no whitespace. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private static final ObjectWriter PRETTY_WRITER = STRICT.writer().with(PRETTY);

    private Json() {
    }

    /** The deterministic on-disk form of any value, ending in a newline. */
    public static String pretty(Object value) {
        return PRETTY_WRITER.writeValueAsString(value) + "\n";
    }

    public static byte[] prettyBytes(Object value) {
        return pretty(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Canonical JSON: object keys sorted at every level, no insignificant whitespace. */
    public static String canonical(Object value) {
        JsonNode tree = value instanceof JsonNode n ? n : STRICT.valueToTree(value);
        return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class));
    }

    /** The YAML mapper, made only when a YAML file is read. */
    public static YAMLMapper yaml() {
        return YamlHolder.YAML;
    }

    private static final class YamlHolder {
        static final YAMLMapper YAML = YAMLMapper.builder().enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }
}
