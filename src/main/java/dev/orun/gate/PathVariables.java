package dev.orun.gate;

import dev.orun.error.OrunException;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The variables a contract path may use: {@code {slug}}, {@code {artifact_path}}, {@code {run_id}},
 * {@code {workflow}}, {@code {depth}}, {@code {client_component}} (found in the artifact folder, see
 * {@link ClientComponent}) and the run's {@code --var} names. An unknown variable is a contract error.
 */
public final class PathVariables {
    public static final java.util.List<String> BUILT_IN = java.util.List.of("slug", "artifact_path", "run_id", "workflow", "depth",
            ClientComponent.VARIABLE);
    /**
     * What a variable is, {@code \{([A-Za-z_][A-Za-z0-9_.-]*)}}, matched by {@link #next} by hand: run start expands
     * every contract's paths, and no everyday write compiles a regex (~5-10 ms, docs/performance.md).
     * PathVariablesTest holds the two to one.
     */
    static final String VAR = "\\{([A-Za-z_][A-Za-z0-9_.-]*)}";

    private final Map<String, String> values;

    public PathVariables(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static PathVariables of(String slug, String artifactPath, String runId, String workflow, String depth,
                                   Map<String, String> vars) {
        Map<String, String> v = new TreeMap<>();
        if (vars != null) {
            v.putAll(vars);
        }
        put(v, "slug", slug);
        put(v, "artifact_path", artifactPath);
        put(v, "run_id", runId);
        put(v, "workflow", workflow);
        put(v, "depth", depth);
        return new PathVariables(v);
    }

    private static void put(Map<String, String> v, String k, String value) {
        if (value != null) {
            v.put(k, value);
        }
    }

    /**
     * These variables plus {@code {client_component}} as found now under {@code root}. When the artifact folder has
     * no component the text stays {@code {client_component}}, as in the seed: a check of it then fails as missing.
     */
    public PathVariables withClientComponent(java.nio.file.Path root) {
        Map<String, String> v = new TreeMap<>(values);
        String found = ClientComponent.discover(root, values.get("artifact_path"));
        v.put(ClientComponent.VARIABLE, found != null ? found : "{" + ClientComponent.VARIABLE + "}");
        return new PathVariables(v);
    }

    public Map<String, String> values() {
        return values;
    }

    /** Replaces every {name}; {@code where} names the contract file and pointer for the error. */
    public String expand(String template, String where) {
        StringBuilder sb = new StringBuilder();
        int copied = 0;
        for (int at = next(template, 0); at >= 0; at = next(template, end(template, at))) {
            int end = end(template, at);
            String name = template.substring(at + 1, end - 1);
            String value = values.get(name);
            if (value == null) {
                String why = BUILT_IN.contains(name) ? "{" + name + "} has no value in this run" : "unknown variable {" + name + "}";
                String fix = name.equals("artifact_path") ? "start the run with --artifact-path P"
                        : BUILT_IN.contains(name) ? "fix the contract" : "fix the contract or pass --var " + name + "=VALUE to 'orun run start'";
                throw OrunException.invalid(where + ": " + why + " in '" + template + "'; known variables: "
                        + values.keySet() + ": " + fix);
            }
            sb.append(template, copied, at).append(value);
            copied = end;
        }
        return sb.append(template, copied, template.length()).toString();
    }

    /** Where the next variable ({@code {name}}) starts at or after {@code from}, or -1. */
    static int next(String t, int from) {
        for (int i = t.indexOf('{', from); i >= 0; i = t.indexOf('{', i + 1)) {
            if (i + 1 < t.length() && nameStart(t.charAt(i + 1))) {
                int j = i + 2;
                while (j < t.length() && nameChar(t.charAt(j))) {
                    j++;
                }
                if (j < t.length() && t.charAt(j) == '}') {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The end (after its closing brace) of the variable that starts at {@code at}. */
    private static int end(String t, int at) {
        return t.indexOf('}', at) + 1;
    }

    private static boolean nameStart(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
    }

    private static boolean nameChar(char c) {
        return nameStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-';
    }

    /** Whether {@code name} can be used as {name} in a template. */
    public static boolean isName(String name) {
        if (name == null || name.isEmpty() || !nameStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!nameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The variable names a template uses that are neither built in nor in {@code extra} (for contracts check). */
    public static java.util.List<String> unknownIn(String template, java.util.Collection<String> extra) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int at = next(template, 0); at >= 0; at = next(template, end(template, at))) {
            String name = template.substring(at + 1, end(template, at) - 1);
            if (!BUILT_IN.contains(name) && !extra.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
