package dev.orun.gate;

import dev.orun.error.OrunException;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a contract path may use: {@code {slug}}, {@code {artifact_path}}, {@code {run_id}},
 * {@code {workflow}}, {@code {depth}}, {@code {client_component}} (found in the artifact folder, see
 * {@link ClientComponent}) and the run's {@code --var} names. An unknown variable is a contract error.
 */
public final class PathVariables {
    public static final java.util.List<String> BUILT_IN = java.util.List.of("slug", "artifact_path", "run_id", "workflow", "depth",
            ClientComponent.VARIABLE);
    private static final Pattern VAR = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");

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
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (value == null) {
                String why = BUILT_IN.contains(name) ? "{" + name + "} has no value in this run" : "unknown variable {" + name + "}";
                String fix = name.equals("artifact_path") ? "start the run with --artifact-path P"
                        : BUILT_IN.contains(name) ? "fix the contract" : "fix the contract or pass --var " + name + "=VALUE to 'orun run start'";
                throw OrunException.invalid(where + ": " + why + " in '" + template + "'; known variables: "
                        + values.keySet() + ": " + fix);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether {@code name} can be used as {name} in a template. */
    public static boolean isName(String name) {
        return name != null && VAR.matcher("{" + name + "}").matches();
    }

    /** The variable names a template uses that are neither built in nor in {@code extra} (for contracts check). */
    public static java.util.List<String> unknownIn(String template, java.util.Collection<String> extra) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = VAR.matcher(template);
        while (m.find()) {
            if (!BUILT_IN.contains(m.group(1)) && !extra.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
