package dev.orun.schema;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * JSON and YAML files read into trees without a mapper: the same trees as {@code Json.STRICT.readTree} and
 * {@code Json.yaml().readTree} give (same node types, same key order, a key given twice refused), for the files every
 * write reads (the workflow, orun.yaml, the scrub settings, contracts). Building Jackson's mapper costs about a third
 * of a short write (docs/performance.md); its parsers alone cost little. Text these readers do not take (a syntax
 * error, an empty document, a number form no orun file uses) goes to the mapper, whose exception names the problem
 * exactly as before ({@code TreesTest} holds both to one tree on every file of the repository and the seed's).
 */
public final class Trees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Trees() {
    }

    /** A JSON document's tree: {@link TreeReader}, or for what it refuses the strict mapper (which says why). */
    public static JsonNode json(byte[] bytes) {
        try {
            return TreeReader.read(bytes);
        } catch (IllegalArgumentException unread) {
            return Json.STRICT.readTree(bytes);
        }
    }

    /** A YAML document's tree: Jackson's YAML parser alone, or for what it does not take the YAML mapper. */
    public static JsonNode yaml(byte[] bytes) {
        JsonNode tree = yamlAlone(bytes, null);
        return tree != null ? tree : Json.yaml().readTree(bytes);
    }

    /** As {@link #yaml(byte[])}, of text (a file's frontmatter). */
    public static JsonNode yaml(String text) {
        JsonNode tree = yamlAlone(null, text);
        return tree != null ? tree : Json.yaml().readTree(text);
    }

    private static JsonNode yamlAlone(byte[] bytes, String text) {
        try (JsonParser p = bytes != null ? YamlHolder.FACTORY.createParser(ObjectReadContext.empty(), bytes)
                : YamlHolder.FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first != null) {
                JsonNode tree = value(p, first, 0);
                if (p.nextToken() == null) {
                    return tree;
                } // a second document: the mapper refuses it (FAIL_ON_TRAILING_TOKENS), in its words
            }
        } catch (IllegalArgumentException unread) {
            // a node this reader does not make: the mapper reads it
        } catch (tools.jackson.core.JacksonException syntax) {
            // the mapper reports it, in its words
        }
        return null;
    }

    private static JsonNode value(JsonParser p, JsonToken t, int depth) {
        if (depth > 1000) {
            throw new IllegalArgumentException("nested too deep");
        }
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken(), depth + 1));
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new IllegalArgumentException("unexpected " + k);
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                JsonToken v;
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (v == null) {
                        throw new IllegalArgumentException("unexpected end");
                    }
                    a.add(value(p, v, depth + 1));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.stringNode(p.getString());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                if (p.getNumberTypeFP() == JsonParser.NumberTypeFP.BIG_DECIMAL
                        || p.getNumberTypeFP() == JsonParser.NumberTypeFP.FLOAT32) {
                    throw new IllegalArgumentException("a number form left to the mapper");
                }
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalArgumentException("a " + t + " token, left to the mapper");
        }
    }

    private static final class YamlHolder {
        static final YAMLFactory FACTORY = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }
}
