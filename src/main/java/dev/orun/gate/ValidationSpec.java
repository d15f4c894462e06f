package dev.orun.gate;

import tools.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a contract's {@code validations}, as validated by gate-contract.schema.json.
 * {@code raw} keeps the type-specific fields; {@code pointer} is its place in the contract file.
 */
public record ValidationSpec(String type, String target, String severity, JsonNode raw, String pointer) {
    public ValidationSpec {
        requireNonNull(type, "type");
        requireNonNull(raw, "raw");
        severity = normaliseSeverity(severity);
    }

    /** {@code warn} is accepted for {@code warning}; absent means {@code error}. */
    static String normaliseSeverity(String s) {
        if (s == null || s.equals("error")) {
            return "error";
        }
        return "warning";
    }

    public boolean warning() {
        return "warning".equals(severity);
    }

    public String text(String field) {
        JsonNode v = raw.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    public boolean flag(String field) {
        JsonNode v = raw.get(field);
        return v != null && v.asBoolean();
    }

    public JsonNode node(String field) {
        return raw.get(field);
    }
}
