package dev.orun.gate;

import dev.orun.error.OrunException;
import dev.orun.schema.SchemaValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a check may know: the contract, the run's variables and depth, the resolved outputs, where the
 * repository is, and where a {@code command} check writes its output ({@code commandLogs}, in the run's logs/).
 */
public record CheckContext(GateContract contract, PathVariables vars, String depth, RepoFiles files,
                           List<ResolvedOutput> outputs, SchemaValidator schemas, Path commandLogs,
                           Map<String, String> env, Duration commandTimeout, CheckSettings settings) {

    /** With the default settings ({@code ORUN_OFFLINE} read from {@code env}). */
    public CheckContext(GateContract contract, PathVariables vars, String depth, RepoFiles files,
                        List<ResolvedOutput> outputs, SchemaValidator schemas, Path commandLogs,
                        Map<String, String> env, Duration commandTimeout) {
        this(contract, vars, depth, files, outputs, schemas, commandLogs, env, commandTimeout, CheckSettings.from(env));
    }

    /**
     * A target as the seed resolves it: when the file is not there, the first existing {@code any_of} output
     * stands in for it (the seed's {@code resolveAnyOfTarget}); {@code field} names the path's field.
     */
    public RepoFiles.Resolved seedTarget(ValidationSpec spec, String field) {
        RepoFiles.Resolved r = path(spec.text(field), spec.pointer() + "/" + field);
        if (r.refused() || r.exists()) {
            return r;
        }
        for (ResolvedOutput o : fallbackOutputs()) {
            if (o.resolved().exists()) {
                return o.resolved();
            }
        }
        return r;
    }

    /**
     * The contract's {@code any_of} outputs, resolved: the candidates of the seed's target fallback (its
     * {@code outputs.filter(o => o.anyOf)}, so beside {@code all_of} too).
     */
    public List<ResolvedOutput> fallbackOutputs() {
        List<ResolvedOutput> group = new java.util.ArrayList<>();
        for (ResolvedOutput o : outputs) {
            if (o.spec().anyOf()) {
                group.add(o);
            }
        }
        return List.copyOf(group);
    }

    /**
     * A {@code pattern}/{@code patterns} text as the seed expands it: {@code {slug}} and {@code {artifact_path}}
     * replaced, any other braces left as they are (patterns often hold code such as {@code {children}}).
     */
    public String seedText(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String name : List.of("slug", "artifact_path")) {
            String v = vars.values().get(name);
            if (v != null) {
                out = out.replace("{" + name + "}", v);
            }
        }
        return out;
    }

    /** A JavaScript regex of the contract; an invalid one is a contract error naming the field and the reason. */
    public JsRegex regex(ValidationSpec spec, String field, String source, String flags) {
        try {
            return JsRegex.compile(source, flags);
        } catch (JsRegex.Invalid e) {
            throw contractError(spec, field, "not a valid JavaScript regex /" + source + "/" + flags + " ("
                    + e.getMessage() + "): fix the regex");
        }
    }

    /** The outputs a {@code file_exists any_of} check looks at: the any_of group, or every output when there is none. */
    public List<ResolvedOutput> anyOfOutputs() {
        List<ResolvedOutput> group = fallbackOutputs();
        return group.isEmpty() ? outputs : group;
    }

    /** Expands and resolves a validation's target; unknown variables are contract errors (exit 4). */
    public RepoFiles.Resolved target(ValidationSpec spec) {
        return path(spec.target(), spec.pointer() + "/target");
    }

    public RepoFiles.Resolved path(String template, String pointer) {
        return files.resolve(vars.expand(template, contract.source() + " " + pointer));
    }

    public String where(ValidationSpec spec, String field) {
        return contract.source() + " " + spec.pointer() + "/" + field;
    }

    public OrunException contractError(ValidationSpec spec, String field, String message) {
        return OrunException.invalid(where(spec, field) + ": " + message);
    }

    /** The file as text (UTF-8, malformed bytes replaced). */
    public static String text(RepoFiles.Resolved r) {
        try {
            return new String(Files.readAllBytes(r.file()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + r.relative() + ": " + e.getMessage(), e);
        }
    }

    /** A threshold from {@code thresholds} by depth, or {@code min}; a depth with no threshold is a contract error. */
    public int threshold(ValidationSpec spec) {
        var t = spec.node("thresholds");
        if (t != null && t.isObject()) {
            var v = t.get(depth);
            if (v != null) {
                return v.asInt();
            }
            String missing = Checks.missingThreshold(spec, depth);
            if (missing != null) {
                throw contractError(spec, "thresholds", missing);
            }
        }
        return spec.node("min").asInt();
    }

    /** "at depth D" when the threshold came from the depth table, else "". */
    public String atDepth(ValidationSpec spec) {
        var t = spec.node("thresholds");
        return t != null && t.has(depth) ? " at depth " + depth : "";
    }
}
