package dev.orun.gate;

import dev.orun.schema.SyntaxProblem;
import dev.orun.run.ValidationResult;
import dev.orun.schema.Trees;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * {@code frontmatter_status}: the YAML frontmatter (between a first line {@code ---} and the next
 * {@code \n---}, found as the seed finds it) is read with Jackson YAML, and each of {@code checks} holds:
 * {@code "field": value} (equal), {@code {"not": value}} (not equal), {@code {"min": n}} (a number ≥ n).
 * Numbers compare as numbers, everything else as text (as the seed's line parser sees it). Frontmatter that is
 * not YAML fails, naming the line. A missing target falls back to the first existing {@code any_of} output.
 */
final class FrontmatterStatusCheck implements Check {
    private static final JsRegex BLOCK = JsRegex.compile("^---\\s*\\n([\\s\\S]*?)\\n---", "");

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        JsonNode checks = spec.node("checks");
        RepoFiles.Resolved r = ctx.seedTarget(spec, "target");
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, "YAML frontmatter with " + describe(checks)));
        }
        String text = CheckContext.text(r);
        Matcher m;
        try {
            m = BLOCK.find(text, ctx.settings().regexLimit());
        } catch (JsRegex.Timeout e) {
            return List.of(Check.result(spec, r.relative(), false, "frontmatter not read: " + e.getMessage()));
        }
        if (m == null) {
            return List.of(Check.result(spec, r.relative(), false, "no YAML frontmatter (a first line '---' and a closing '---');"
                    + " wanted " + describe(checks)));
        }
        int firstLine = NotContainsCheck.lineOf(text, m.start(1));
        JsonNode fm;
        try {
            fm = Trees.yaml(m.group(1));
        } catch (JacksonException e) {
            SyntaxProblem p = SyntaxProblem.ofYaml(e);
            String line = p.line() < 1 ? "" : " at line " + (firstLine + p.line() - 1) + (p.column() > 0 ? ", column " + p.column() : "");
            return List.of(Check.result(spec, r.relative(), false, "frontmatter is not YAML" + line + ": " + p.what() + ": " + p.fix()));
        }
        if (fm == null || fm.isMissingNode() || fm.isNull()) {
            fm = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!fm.isObject()) {
            return List.of(Check.result(spec, r.relative(), false, "frontmatter is not a YAML mapping of fields (line " + firstLine + ")"));
        }
        List<String> failures = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : checks.properties()) {
            String field = e.getKey();
            JsonNode want = e.getValue();
            Object actual = value(fm.get(field));
            String got = actual == null ? "undefined" : show(actual);
            if (want.isObject() && want.has("not")) {
                Object not = value(want.get("not"));
                if (same(actual, not)) {
                    failures.add(field + ": expected NOT " + show(not) + ", got " + got);
                } else {
                    held.add(field + " " + got + " (not " + show(not) + ")");
                }
            } else if (want.isObject() && want.has("min")) {
                double min = want.get("min").asDouble();
                if (!(actual instanceof Double d) || d < min) {
                    failures.add(field + ": expected >= " + num(min) + ", got " + got);
                } else {
                    held.add(field + " " + got + " (>= " + num(min) + ")");
                }
            } else {
                Object expected = value(want);
                if (!same(actual, expected)) {
                    failures.add(field + ": expected " + show(expected) + ", got " + got);
                } else {
                    held.add(field + " " + got);
                }
            }
        }
        if (failures.isEmpty()) {
            return List.of(Check.result(spec, r.relative(), true, "frontmatter: " + String.join(", ", held)));
        }
        return List.of(Check.result(spec, r.relative(), false, String.join("; ", failures)));
    }

    /** A value as the seed compares it: a number, or text; null when the field is absent. */
    private static Object value(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isNull()) {
            return "";
        }
        if (n.isValueNode()) {
            return n.asString();
        }
        return n.toString();
    }

    private static boolean same(Object a, Object b) {
        return a != null && a.equals(b);
    }

    private static String show(Object v) {
        return v instanceof Double d ? num(d) : "\"" + v + "\"";
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String describe(JsonNode checks) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : checks.properties()) {
            out.add(e.getKey());
        }
        return "fields " + String.join(", ", out);
    }
}
