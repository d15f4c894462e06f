package dev.orun.schema;

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

    /**
     * Canonical form for hashing by way of plain Java maps: keys sorted, no whitespace. Built only for a tree with a
     * number {@link #canonical} does not write itself (a float or a BigDecimal, which no orun record holds).
     */
    private static final class CanonicalHolder {
        static final JsonMapper CANONICAL = JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .build();
    }

    private static final ObjectWriter PRETTY_WRITER = STRICT.writer().with(JsonText.prettyPrinter());

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
        // Written straight from the tree (JsonText: no second mapper to build at every write, no maps to copy the tree
        // into); CanonicalTest holds the two to one output. A float or a BigDecimal, which no orun record holds, goes
        // by way of the maps.
        return JsonText.plainNumbers(tree) ? JsonText.canonical(tree) : canonicalByMaps(tree);
    }

    /** The canonical form by way of plain Java maps sorted by key (the definition; {@link #canonical} matches it). */
    static String canonicalByMaps(JsonNode tree) {
        return CanonicalHolder.CANONICAL.writeValueAsString(CanonicalHolder.CANONICAL.treeToValue(tree, Object.class));
    }

    /** The YAML mapper, made only when a YAML file is read. */
    public static YAMLMapper yaml() {
        return YamlHolder.YAML;
    }

    private static final class YamlHolder {
        static final YAMLMapper YAML = YAMLMapper.builder().enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }
}
