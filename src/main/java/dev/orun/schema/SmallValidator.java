package dev.orun.schema;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A yes-or-ask verdict on a document against a bundled schema, for the few JSON-Schema keywords orun's record schema
 * uses ({@link #KEYWORDS}); it interprets the schema file itself, so there is no second copy of its rules. It exists
 * for the check every write makes of the record it is about to write: the full validator (networknt) costs a write
 * more to load and compile than the rest of the write, this one a few classes. "Valid" is final; "not valid" is
 * only a question, which {@link SchemaValidator#check} hands to the full validator — it has the last word and the
 * messages. So this validator may be stricter than the schema (a pattern's {@code $} matches only at the very end,
 * as in ECMA-262), never more lenient: SmallValidatorTest holds its "valid" to networknt's on every record shape
 * orun writes and on mutations of each. A schema with any other keyword, or a {@code $ref} other than
 * {@code #/$defs/name}, is refused when it is loaded ({@link IllegalArgumentException}): every document then goes to
 * the full validator. Its patterns go through {@link SimplePattern} (no java.util.regex is loaded for a schema
 * whose patterns are all in its subset, as run.schema.json's are); a pattern outside it, through java.util.regex.
 */
final class SmallValidator {
    static final Set<String> KEYWORDS = Set.of("$schema", "$id", "title", "description", "$defs", "$ref", "type",
            "properties", "additionalProperties", "required", "enum", "const", "pattern", "minLength", "minimum",
            "items", "oneOf", "allOf", "if", "then", "else");

    private final JsonNode root;
    /** Each pattern's matcher: a {@link SimplePattern}, or java.util.regex for one outside its subset. */
    private final Map<String, Predicate<String>> patterns = new HashMap<>();

    SmallValidator(JsonNode schema) {
        this.root = schema;
        check(schema, "");
    }

    /** Whether {@code document} is valid; false may be wrong (ask the full validator), true is not. */
    boolean valid(JsonNode document) {
        return valid(root, document);
    }

    private void check(JsonNode schema, String at) {
        if (schema.isBoolean()) {
            return;
        }
        if (!schema.isObject()) {
            throw new IllegalArgumentException(at + ": a schema must be an object or a boolean");
        }
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (!KEYWORDS.contains(k)) {
                throw new IllegalArgumentException(at + "/" + k + ": keyword not supported");
            }
            switch (k) {
                case "$defs", "properties" -> {
                    for (Map.Entry<String, JsonNode> d : v.properties()) {
                        check(d.getValue(), at + "/" + k + "/" + d.getKey());
                    }
                }
                case "additionalProperties", "items", "if", "then", "else" -> check(v, at + "/" + k);
                case "oneOf", "allOf" -> {
                    for (int i = 0; i < v.size(); i++) {
                        check(v.get(i), at + "/" + k + "/" + i);
                    }
                }
                case "$ref" -> target(v.asString());
                case "pattern" -> {
                    String p = v.asString();
                    if (!patterns.containsKey(p)) {
                        SimplePattern simple = SimplePattern.parse(p);
                        patterns.put(p, simple != null ? simple : new Regex(p));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** A pattern outside {@link SimplePattern}'s subset, through java.util.regex (loaded only then). */
    private static final class Regex implements Predicate<String> {
        private final java.util.regex.Pattern pattern;
        private final boolean dollar;

        Regex(String p) {
            pattern = java.util.regex.Pattern.compile(p);
            dollar = p.endsWith("$");
        }

        @Override
        public boolean test(String s) {
            java.util.regex.Matcher m = pattern.matcher(s);
            // Stricter than java.util.regex: '$' before a final line break does not count as the end.
            return m.find() && (!dollar || m.end() == s.length());
        }
    }

    private JsonNode target(String ref) {
        if (!ref.startsWith("#/$defs/") || ref.indexOf('/', 8) >= 0 || ref.indexOf('~') >= 0) {
            throw new IllegalArgumentException("$ref " + ref + ": only #/$defs/name is supported");
        }
        JsonNode t = root.path("$defs").get(ref.substring(8));
        if (t == null) {
            throw new IllegalArgumentException("$ref " + ref + ": no such definition");
        }
        return t;
    }

    private boolean valid(JsonNode schema, JsonNode doc) {
        if (schema.isBoolean()) {
            return schema.booleanValue();
        }
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            if (!keyword(schema, e.getKey(), e.getValue(), doc)) {
                return false;
            }
        }
        return true;
    }

    private boolean keyword(JsonNode schema, String k, JsonNode v, JsonNode doc) {
        switch (k) {
            case "$ref":
                return valid(target(v.asString()), doc);
            case "type":
                if (v.isArray()) {
                    for (JsonNode t : v) {
                        if (isType(t.asString(), doc)) {
                            return true;
                        }
                    }
                    return false;
                }
                return isType(v.asString(), doc);
            case "properties":
                if (doc.isObject()) {
                    for (Map.Entry<String, JsonNode> p : v.properties()) {
                        JsonNode value = doc.get(p.getKey());
                        if (value != null && !valid(p.getValue(), value)) {
                            return false;
                        }
                    }
                }
                return true;
            case "additionalProperties":
                if (doc.isObject()) {
                    JsonNode declared = schema.path("properties");
                    for (Map.Entry<String, JsonNode> p : doc.properties()) {
                        if (!declared.has(p.getKey()) && !valid(v, p.getValue())) {
                            return false;
                        }
                    }
                }
                return true;
            case "required":
                if (doc.isObject()) {
                    for (JsonNode name : v) {
                        if (!doc.has(name.asString())) {
                            return false;
                        }
                    }
                }
                return true;
            case "enum":
                for (JsonNode option : v) {
                    if (same(option, doc)) {
                        return true;
                    }
                }
                return false;
            case "const":
                return same(v, doc);
            case "pattern":
                if (doc.isString()) {
                    return patterns.get(v.asString()).test(doc.asString());
                }
                return true;
            case "minLength":
                return !doc.isString() || doc.asString().codePointCount(0, doc.asString().length()) >= v.asInt();
            case "minimum":
                return !doc.isNumber() || doc.decimalValue().compareTo(v.decimalValue()) >= 0;
            case "items":
                if (doc.isArray()) {
                    for (JsonNode item : doc) {
                        if (!valid(v, item)) {
                            return false;
                        }
                    }
                }
                return true;
            case "oneOf": {
                int n = 0;
                for (JsonNode sub : v) {
                    if (valid(sub, doc) && ++n > 1) {
                        return false;
                    }
                }
                return n == 1;
            }
            case "allOf":
                for (JsonNode sub : v) {
                    if (!valid(sub, doc)) {
                        return false;
                    }
                }
                return true;
            case "if": {
                JsonNode branch = valid(v, doc) ? schema.get("then") : schema.get("else");
                return branch == null || valid(branch, doc);
            }
            default: // annotations, $defs, and then/else (taken with their if)
                return true;
        }
    }

    private static boolean isType(String type, JsonNode doc) {
        return switch (type) {
            case "object" -> doc.isObject();
            case "array" -> doc.isArray();
            case "string" -> doc.isString();
            case "boolean" -> doc.isBoolean();
            case "null" -> doc.isNull();
            case "number" -> doc.isNumber();
            case "integer" -> doc.isIntegralNumber()
                    || doc.isNumber() && doc.decimalValue().stripTrailingZeros().scale() <= 0;
            default -> false;
        };
    }

    /** JSON equality: numbers by value (1 is 1.0), objects whatever their key order. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = a.decimalValue();
            return x.compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !same(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
