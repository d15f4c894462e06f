package dev.orun.issues;

import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code implementation.github_issue_plan} from an architecture pack, leniently (only the fields sync
 * needs), checks it (ids unique and marker-safe, titles present, {@code depends_on} naming known items, no
 * cycles) and returns the items in dependency order: an item comes after everything it depends on, otherwise
 * in plan order.
 */
public final class IssuePlanReader {
    /** Ids go into the hidden marker, so they must not hold spaces or {@code -->}. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");

    private IssuePlanReader() {
    }

    /** @param where the pack's path as messages show it */
    public static List<PlanItem> read(Path pack, String where, String runId) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pack);
        } catch (NoSuchFileException e) {
            throw OrunException.notFound("run " + runId + " has no architecture pack (" + where + "): make one with "
                    + "'orun plan --run " + runId + "' or attach one with 'orun plan import --run " + runId + " FILE'");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = Json.LENIENT.readTree(bytes);
        } catch (JacksonException e) {
            throw OrunException.invalid(where + ": not valid JSON" + SyntaxProblem.ofJson(e).sentence()
                    + ", or restore it with 'git checkout -- " + where + "'");
        }
        JsonNode plan = root == null ? null : root.path("implementation").path("github_issue_plan");
        if (plan == null || !plan.isArray()) {
            throw OrunException.invalid(where + " /implementation/github_issue_plan: missing or not a list: "
                    + "regenerate the pack with 'orun plan' or add the issue plan");
        }
        List<PlanItem> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < plan.size(); i++) {
            JsonNode n = plan.get(i);
            String at = where + " /implementation/github_issue_plan/" + i;
            String id = text(n, "id");
            if (id == null || !ID.matcher(id).matches()) {
                throw OrunException.invalid(at + "/id: '" + (id == null ? "" : id) + "' is not a usable id: "
                        + "use letters, digits and . _ : / - (it goes into each issue's hidden marker)");
            }
            if (!ids.add(id)) {
                throw OrunException.invalid(at + "/id: '" + id + "' is used twice: give each plan item its own id");
            }
            String title = text(n, "title");
            if (title == null || title.isBlank()) {
                throw OrunException.invalid(at + "/title: missing: give the item a title");
            }
            items.add(new PlanItem(id, title.strip(), text(n, "summary"), text(n, "body"), strings(n, "labels", at),
                    strings(n, "depends_on", at), strings(n, "acceptance_criteria", at)));
        }
        return order(items, where);
    }

    /** Dependency order, stable in plan order; an unknown dependency or a cycle is an error naming the item. */
    static List<PlanItem> order(List<PlanItem> items, String where) {
        Map<String, PlanItem> byId = new LinkedHashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        for (int i = 0; i < items.size(); i++) {
            for (String dep : items.get(i).dependsOn()) {
                if (!byId.containsKey(dep)) {
                    throw OrunException.invalid(where + " /implementation/github_issue_plan/" + i + "/depends_on: '" + dep
                            + "' is not an item of the plan: name an existing item id or remove it");
                }
            }
        }
        List<PlanItem> out = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (PlanItem item : items) {
            visit(item, byId, state, out, where, new ArrayList<>());
        }
        return out;
    }

    private static void visit(PlanItem item, Map<String, PlanItem> byId, Map<String, Integer> state, List<PlanItem> out,
                              String where, List<String> path) {
        Integer s = state.get(item.id());
        if (s != null && s == 2) {
            return;
        }
        path.add(item.id());
        if (s != null) {
            throw OrunException.invalid(where + " /implementation/github_issue_plan: depends_on forms a cycle ("
                    + String.join(" -> ", path) + "): remove one of these dependencies");
        }
        state.put(item.id(), 1);
        for (String dep : item.dependsOn()) {
            visit(byId.get(dep), byId, state, out, where, path);
        }
        state.put(item.id(), 2);
        path.remove(path.size() - 1);
        out.add(item);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() ? v.asString() : null;
    }

    private static List<String> strings(JsonNode n, String field, String at) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw OrunException.invalid(at + "/" + field + ": not a list of strings: write it as [\"…\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isString()) {
                throw OrunException.invalid(at + "/" + field + ": holds a non-string: write it as [\"…\"]");
            }
            if (!e.asString().isBlank() && !out.contains(e.asString().strip())) {
                out.add(e.asString().strip());
            }
        }
        return out;
    }
}
