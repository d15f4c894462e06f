package dev.orun.gate;

import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunConfig;
import dev.orun.store.OrunPaths;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The validation types a contract may use — the seed's thirteen, orun's four, and the team's own from
 * {@code orchestration/orun.yaml}; an unknown type is a contract error, never skipped.
 */
public final class Checks {
    /**
     * The built-in types' names: the seed's first, then orun's (contracts/gate-contract.schema.json lists the same).
     * A list of its own, so that knowing a type (every contract load, a gate start) does not make the seventeen checks
     * and their patterns; {@code ChecksTest} holds it to {@link #create}'s, {@code ValidationTypesSchemaTest} to the schema's.
     */
    public static final List<String> TYPES = List.of("file_exists", "min_sources", "contains_headings", "not_contains",
            "dir_exists", "min_file_count", "min_sources_any_of", "contains_text", "frontmatter_status", "regex_match",
            "min_regex_count", "url_reachable", "viz_tech_match", "json_schema", "matches", "min_words", "command");
    private static final java.util.Set<String> NAMES = java.util.Set.copyOf(TYPES);

    /**
     * A new check of a built-in type, or null for an unknown one. The checks hold no state, so each use makes its own:
     * a gate loads only the check classes its contract names (their set-up, patterns included, is not free).
     */
    private static Check create(String type) {
        return switch (type) {
            case "file_exists" -> new FileExistsCheck();
            case "min_sources" -> new MinSourcesCheck();
            case "contains_headings" -> new HeadingsCheck();
            case "not_contains" -> new NotContainsCheck();
            case "dir_exists" -> new DirExistsCheck();
            case "min_file_count" -> new MinFileCountCheck();
            case "min_sources_any_of" -> new MinSourcesAnyOfCheck();
            case "contains_text" -> new ContainsTextCheck();
            case "frontmatter_status" -> new FrontmatterStatusCheck();
            case "regex_match" -> new RegexMatchCheck();
            case "min_regex_count" -> new MinRegexCountCheck();
            case "url_reachable" -> new UrlReachableCheck();
            case "viz_tech_match" -> new VizTechMatchCheck();
            case "json_schema" -> new JsonSchemaCheck();
            case "matches" -> new MatchesCheck();
            case "min_words" -> new MinWordsCheck();
            case "command" -> new CommandCheck();
            default -> null;
        };
    }

    private Checks() {
    }

    /** A built-in type's check. */
    public static Check forType(String type) {
        Check c = create(type);
        if (c == null) {
            throw new IllegalArgumentException("unknown validation type " + type);
        }
        return c;
    }

    /** A built-in type, or one the repository's orun.yaml declares; an unknown one is a contract error (exit 4). */
    public static Check forType(ValidationSpec spec, CheckContext ctx) {
        Check c = create(spec.type());
        if (c != null) {
            return c;
        }
        OrunConfig.ValidationType t = customTypes(new OrunPaths(ctx.files().root(), ctx.files().root()), ctx.schemas()).get(spec.type());
        if (t == null) {
            throw ctx.contractError(spec, "type", "unknown validation type '" + spec.type() + "' (known: " + String.join(", ", TYPES)
                    + "): fix the type, or declare it under validation_types in orchestration/orun.yaml");
        }
        return new CustomTypeCheck(t);
    }

    /** What a validation wants, in one line for a prompt packet; {@code target} expanded, {@code threshold} by depth. */
    public static String wants(ValidationSpec v, String target, String threshold) {
        String t = target == null ? "" : target;
        return switch (v.type()) {
            case "dir_exists" -> "the folder " + t + " exists";
            case "min_file_count" -> {
                // the depth note ("5 (depth deep)") goes after the whole phrase
                int sp = threshold.indexOf(' ');
                yield t + " holds at least " + Check.count(sp < 0 ? threshold : threshold.substring(0, sp), "file") + " matching "
                        + (v.text("pattern") == null ? "*" : v.text("pattern")) + (sp < 0 ? "" : threshold.substring(sp));
            }
            case "min_sources_any_of" -> "one of " + v.node("targets") + " cites at least " + Check.count(threshold, "source");
            case "contains_text" -> t + " contains " + (v.node("patterns") != null ? v.node("patterns") : "'" + v.text("pattern") + "'");
            case "frontmatter_status" -> t + " has YAML frontmatter with " + v.node("checks");
            case "regex_match" -> t + (v.flag("must_not_match") ? " has no match of /" : " matches /") + v.text("regex") + "/";
            case "min_regex_count" -> t + " has at least " + Check.count(v.node("min_count") == null || v.node("min_count").asInt() == 0 ? 1
                    : v.node("min_count").asInt(), "match", "matches") + " of /" + v.text("regex") + "/";
            case "url_reachable" -> "every URL in " + t + " answers 2xx to a HEAD request"
                    + (v.node("max_failures") == null ? "" : " (at most " + v.node("max_failures").asInt() + " may not)");
            case "viz_tech_match" -> "each visualization claimed in " + v.text("metadata_source")
                    + " is imported and rendered in " + v.text("implementation_target");
            default -> v.type() + (target == null ? "" : " " + target);
        };
    }

    /** The types orchestration/orun.yaml declares (empty without the file). */
    public static Map<String, OrunConfig.ValidationType> customTypes(OrunPaths paths, SchemaValidator schemas) {
        return OrunConfig.load(paths, schemas).validationTypes();
    }

    /** Whether a contract may use {@code type} in this repository. */
    public static boolean known(String type, OrunPaths paths, SchemaValidator schemas) {
        return NAMES.contains(type) || customTypes(paths, schemas).containsKey(type);
    }

    /**
     * What {@code contracts check} says about one validation beyond its schema: an invalid JavaScript regex, a
     * {@code thresholds} table without a depth (and no {@code min}) and a {@code min_regex_count} of 0 are errors, a nested quantifier a warning; each as "error: pointer: message" or "warning: pointer: message".
     */
    public static List<String> lint(ValidationSpec spec) {
        List<String> out = new ArrayList<>();
        String type = spec.type();
        // A depth the table lacks stops every run at that depth at this gate (the seed fell back to 'standard' or 8).
        String thresholds = missingThresholds(spec, dev.orun.run.RunRecord.DEPTHS);
        if (thresholds != null) {
            out.add("error: " + spec.pointer() + "/thresholds: " + thresholds);
        }
        JsonNode minCount = spec.node("min_count");
        if (type.equals("min_regex_count") && minCount != null && minCount.isIntegralNumber() && minCount.asInt() == 0) {
            // The seed's contracts test requires min_count > 0: a count of at least 0 passes on any file that exists.
            out.add("error: " + spec.pointer() + "/min_count: is 0, so the check passes on any file: give 1 or more "
                    + "(or use regex_match with must_not_match to forbid a pattern)");
        }
        if (type.equals("regex_match") || type.equals("min_regex_count")) {
            lintRegex(out, spec, "regex", spec.text("regex"), RegexMatchCheck.seedFlags(String.valueOf(spec.text("regex"))));
        } else if (type.equals("url_reachable") && spec.text("url_pattern") != null) {
            lintRegex(out, spec, "url_pattern", spec.text("url_pattern"), "gm");
        } else if (type.equals("matches") || (type.equals("not_contains") && spec.flag("regex"))) {
            lintRegex(out, spec, "pattern", spec.text("pattern"), spec.flag("ignore_case") ? "mi" : "m");
        }
        return out;
    }

    /**
     * Why {@code spec} has no threshold for {@code depth} ("no threshold for depth deep (it has quick, standard): add
     * …"), or null when it has one: a {@code thresholds} table without that depth and no {@code min} to fall back on.
     */
    public static String missingThreshold(ValidationSpec spec, String depth) {
        return missingThresholds(spec, List.of(depth));
    }

    /** As {@link #missingThreshold}, for those of {@code depths} the table lacks, named in one message; null when none. */
    private static String missingThresholds(ValidationSpec spec, List<String> depths) {
        JsonNode t = spec.node("thresholds");
        if (t == null || !t.isObject() || spec.node("min") != null) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (String d : depths) { // a loop, not a stream: run start checks every contract (no lambda on a write)
            if (!t.has(d)) {
                missing.add(d);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        t.propertyNames().forEach(names::add);
        return "no threshold for depth " + String.join(", ", missing) + " (it has " + (names.isEmpty() ? "none" : String.join(", ", names))
                + "): add " + String.join(", ", missing.stream().map(d -> "\"" + d + "\": N").toList()) + " to thresholds, or a \"min\"";
    }

    /** As {@link #lint(ValidationSpec)}, for a validation as a contract's JSON holds it. */
    public static List<String> lint(JsonNode validation, String pointer) {
        JsonNode t = validation.get("type");
        if (t == null || !t.isString()) {
            return List.of();
        }
        JsonNode target = validation.get("target");
        return lint(new ValidationSpec(t.asString(), target != null && target.isString() ? target.asString() : null, null,
                validation, pointer));
    }

    private static void lintRegex(List<String> out, ValidationSpec spec, String field, String source, String flags) {
        if (source == null) {
            return;
        }
        try {
            for (String w : JsRegex.compile(source, flags).warnings()) {
                out.add("warning: " + spec.pointer() + "/" + field + ": /" + source + "/ has a " + w);
            }
        } catch (JsRegex.Invalid e) {
            out.add("error: " + spec.pointer() + "/" + field + ": not a valid JavaScript regex /" + source + "/" + flags
                    + " (" + e.getMessage() + "): fix the regex");
        }
    }

}
