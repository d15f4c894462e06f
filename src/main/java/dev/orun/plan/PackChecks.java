package dev.orun.plan;

import dev.orun.schema.Violation;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the schema cannot say about a pack. Errors (treated like a schema failure): ids unique within each list,
 * every {@code depends_on} names an issue in the plan, no dependency cycle. Warnings: a requirement that coverage
 * leaves out, a coverage or trace entry naming no requirement, a relationship naming no component.
 * Works on partial packs too (a section being generated): absent lists are skipped.
 */
public final class PackChecks {
    private static final String ISSUES = "/implementation/github_issue_plan";

    private PackChecks() {
    }

    public record Findings(List<Violation> errors, List<Violation> warnings) {
        public Findings {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    public static Findings check(JsonNode pack) {
        List<Violation> errors = new ArrayList<>();
        List<Violation> warnings = new ArrayList<>();
        unique(pack, "/clarifications", "id", errors);
        unique(pack, "/workflows", "id", errors);
        unique(pack, "/requirements", "id", errors);
        unique(pack, "/architecture/components", "name", errors);
        unique(pack, "/implementation/logic_requirements", "id", errors);
        unique(pack, ISSUES, "id", errors);
        dependencies(pack, errors);
        coverage(pack, warnings);
        relationships(pack, warnings);
        return new Findings(errors, warnings);
    }

    private static void unique(JsonNode pack, String list, String key, List<Violation> errors) {
        JsonNode items = pack.at(list);
        if (!items.isArray()) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode v = items.get(i).get(key);
            if (v == null || !v.isString()) {
                continue;
            }
            Integer first = seen.putIfAbsent(v.asString(), i);
            if (first != null) {
                errors.add(new Violation(list + "/" + i + "/" + key, "duplicate " + key + " '" + v.asString()
                        + "' (also at " + list + "/" + first + "): make each " + key + " unique within the list"));
            }
        }
    }

    private static void dependencies(JsonNode pack, List<Violation> errors) {
        JsonNode issues = pack.at(ISSUES);
        if (!issues.isArray()) {
            return;
        }
        Map<String, List<String>> graph = new LinkedHashMap<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < issues.size(); i++) {
            JsonNode id = issues.get(i).get("id");
            if (id != null && id.isString()) {
                graph.putIfAbsent(id.asString(), new ArrayList<>());
                index.putIfAbsent(id.asString(), i);
            }
        }
        for (int i = 0; i < issues.size(); i++) {
            JsonNode issue = issues.get(i);
            JsonNode deps = issue.get("depends_on");
            JsonNode id = issue.get("id");
            if (deps == null || !deps.isArray() || id == null || !id.isString()) {
                continue;
            }
            for (int d = 0; d < deps.size(); d++) {
                String dep = deps.get(d).asString();
                if (!graph.containsKey(dep)) {
                    errors.add(new Violation(ISSUES + "/" + i + "/depends_on/" + d, "issue " + id.asString() + " depends on '"
                            + dep + "', which names no issue in the plan: use one of " + graph.keySet()));
                } else if (index.get(id.asString()) == i) {
                    graph.get(id.asString()).add(dep);
                }
            }
        }
        List<String> cycle = findCycle(graph);
        if (!cycle.isEmpty()) {
            errors.add(new Violation(ISSUES + "/" + index.get(cycle.get(0)) + "/depends_on", "dependency cycle "
                    + String.join(" -> ", cycle) + ": remove one of these depends_on entries"));
        }
    }

    /** The first cycle found, as ids with the first repeated at the end; empty when there is none. */
    static List<String> findCycle(Map<String, List<String>> graph) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, List<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, List.of())) {
            List<String> cycle = visit(next, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    private static void coverage(JsonNode pack, List<Violation> warnings) {
        JsonNode requirements = pack.at("/requirements");
        if (!requirements.isArray() || !pack.has("coverage") && !pack.has("trace")) {
            return;
        }
        Set<String> ids = new HashSet<>();
        requirements.forEach(r -> {
            if (r.hasNonNull("id")) {
                ids.add(r.get("id").asString());
            }
        });
        Set<String> covered = new HashSet<>();
        for (String list : List.of("coverage", "trace")) {
            JsonNode entries = pack.at("/" + list);
            if (!entries.isArray()) {
                continue;
            }
            for (int i = 0; i < entries.size(); i++) {
                JsonNode rid = entries.get(i).get("requirement_id");
                if (rid == null || !rid.isString()) {
                    continue;
                }
                if (!ids.contains(rid.asString())) {
                    warnings.add(new Violation("/" + list + "/" + i + "/requirement_id", list + " entry names '"
                            + rid.asString() + "', which is no requirement"));
                } else if (list.equals("coverage")) {
                    covered.add(rid.asString());
                }
            }
        }
        for (int i = 0; i < requirements.size(); i++) {
            JsonNode id = requirements.get(i).get("id");
            if (id != null && id.isString() && !covered.contains(id.asString())) {
                warnings.add(new Violation("/requirements/" + i, "requirement " + id.asString() + " is left out of coverage"));
            }
        }
    }

    private static void relationships(JsonNode pack, List<Violation> warnings) {
        JsonNode rels = pack.at("/architecture/relationships");
        JsonNode components = pack.at("/architecture/components");
        if (!rels.isArray() || !components.isArray()) {
            return;
        }
        Set<String> names = new HashSet<>();
        components.forEach(c -> {
            if (c.hasNonNull("name")) {
                names.add(c.get("name").asString());
            }
        });
        for (int i = 0; i < rels.size(); i++) {
            for (String end : List.of("from", "to")) {
                JsonNode v = rels.get(i).get(end);
                if (v != null && v.isString() && !names.contains(v.asString())) {
                    warnings.add(new Violation("/architecture/relationships/" + i + "/" + end, "relationship " + end
                            + " '" + v.asString() + "' names no component"));
                }
            }
        }
    }
}
