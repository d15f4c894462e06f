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

/** The readable forms of a valid pack: a Markdown summary and a Mermaid flowchart of its relationships. */
public final class PackRenderer {
    private PackRenderer() {
    }

    public static String summary(JsonNode pack, List<Violation> warnings) {
        StringBuilder md = new StringBuilder();
        JsonNode prd = pack.path("prd");
        JsonNode arch = pack.path("architecture");
        String title = prd.hasNonNull("title") ? prd.get("title").asString() : pack.path("run_id").asString();
        md.append("# Architecture pack: ").append(title).append("\n\n");
        md.append("Run `").append(pack.path("run_id").asString()).append("`, created ").append(pack.path("created_at").asString())
                .append(" by ").append(pack.path("tool").path("name").asString()).append(' ')
                .append(pack.path("tool").path("version").asString()).append(".\n\n");

        md.append("## Product\n\n").append(prd.path("summary").asString()).append("\n\n");
        list(md, "Actors", pack.path("actors"));

        md.append("## Architecture: ").append(arch.path("name").asString()).append("\n\n")
                .append(arch.path("description").asString()).append("\n\n");
        md.append("### Components\n\n| component | type | responsibility | runs on |\n|---|---|---|---|\n");
        for (JsonNode c : arch.path("components")) {
            JsonNode dep = c.path("deployment");
            String runsOn = dep.isMissingNode() ? "" : dep.path("target").asString("")
                    + (dep.hasNonNull("service_label") ? " (" + dep.get("service_label").asString() + ")" : "");
            md.append("| ").append(cell(c.path("name").asString())).append(" | ").append(c.path("type").asString())
                    .append(" | ").append(cell(c.path("responsibility").asString(""))).append(" | ").append(cell(runsOn)).append(" |\n");
        }
        md.append('\n');
        md.append("### Flows\n\n");
        for (JsonNode f : arch.path("data_flows")) {
            md.append("- ").append(f.asString()).append('\n');
        }
        for (JsonNode r : arch.path("relationships")) {
            md.append("- ").append(r.path("from").asString()).append(" → ").append(r.path("to").asString())
                    .append(" (").append(r.path("kind").asString()).append("): ").append(r.path("label").asString()).append('\n');
        }
        if (arch.path("data_flows").isEmpty() && arch.path("relationships").isEmpty()) {
            md.append("- None\n");
        }
        md.append('\n');

        JsonNode t = arch.path("tradeoffs");
        md.append("### Tradeoffs\n\n");
        t.path("pros").forEach(v -> md.append("- Pro: ").append(v.asString()).append('\n'));
        t.path("cons").forEach(v -> md.append("- Con: ").append(v.asString()).append('\n'));
        t.path("risks").forEach(v -> md.append("- Risk: ").append(v.asString()).append('\n'));
        md.append("\n**Rationale.** ").append(arch.path("rationale").asString()).append("\n\n");

        Map<String, JsonNode> coverage = new HashMap<>();
        pack.path("coverage").forEach(c -> coverage.putIfAbsent(c.path("requirement_id").asString(), c));
        md.append("## Requirements and coverage\n\n| id | priority | requirement | coverage | notes |\n|---|---|---|---|---|\n");
        for (JsonNode r : pack.path("requirements")) {
            JsonNode c = coverage.get(r.path("id").asString());
            md.append("| ").append(cell(r.path("id").asString())).append(" | ").append(r.path("priority").asString("must"))
                    .append(" | ").append(cell(r.path("text").asString())).append(" | ")
                    .append(c == null ? "**not covered**" : c.path("status").asString()).append(" | ")
                    .append(c == null ? "" : cell(c.path("notes").asString(""))).append(" |\n");
        }
        md.append('\n');

        JsonNode impl = pack.path("implementation");
        md.append("## Issue plan\n\n").append(impl.path("summary").asString()).append("\n\n");
        md.append("| id | title | depends on | labels |\n|---|---|---|---|\n");
        for (JsonNode i : impl.path("github_issue_plan")) {
            md.append("| ").append(cell(i.path("id").asString())).append(" | ").append(cell(i.path("title").asString()))
                    .append(" | ").append(join(i.path("depends_on"))).append(" | ").append(join(i.path("labels"))).append(" |\n");
        }
        if (impl.path("github_issue_plan").isEmpty()) {
            md.append("| – | no issues planned | | |\n");
        }
        md.append('\n');

        list(md, "Assumptions", pack.path("assumptions"));
        list(md, "Open questions", pack.path("open_questions"));

        md.append("## Warnings\n\n");
        if (warnings.isEmpty()) {
            md.append("- None\n");
        }
        for (Violation w : warnings) {
            md.append("- `").append(w.pointer()).append("`: ").append(w.message()).append('\n');
        }
        return md.toString();
    }

    /** A Mermaid flowchart: one node per component, one labelled edge per relationship between known components. */
    public static String mermaid(JsonNode pack) {
        StringBuilder mmd = new StringBuilder("flowchart LR\n");
        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (JsonNode c : pack.path("architecture").path("components")) {
            String name = c.path("name").asString();
            if (ids.containsKey(name)) {
                continue;
            }
            String id = nodeId(name);
            String unique = id;
            for (int n = 2; !used.add(unique); n++) {
                unique = id + "_" + n;
            }
            ids.put(name, unique);
            mmd.append("  ").append(unique).append("[\"").append(text(name)).append("<br/>")
                    .append(text(c.path("type").asString())).append("\"]\n");
        }
        List<String> skipped = new ArrayList<>();
        for (JsonNode r : pack.path("architecture").path("relationships")) {
            String from = ids.get(r.path("from").asString());
            String to = ids.get(r.path("to").asString());
            if (from == null || to == null) {
                skipped.add(r.path("from").asString() + " -> " + r.path("to").asString());
                continue;
            }
            mmd.append("  ").append(from).append(" -->|\"").append(text(r.path("kind").asString())).append(": ")
                    .append(text(r.path("label").asString())).append("\"| ").append(to).append('\n');
        }
        for (String s : skipped) {
            mmd.append("  %% skipped, names no component: ").append(s.replace('\n', ' ')).append('\n');
        }
        return mmd.toString();
    }

    static String nodeId(String name) {
        String id = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (id.isEmpty()) {
            id = "node";
        }
        // Mermaid reserves 'end' and ids starting with o/x can turn edges into circles/crosses.
        return "c_" + id;
    }

    private static String text(String s) {
        return s.replace("\"", "#quot;").replace("\n", " ").replace("|", "#124;");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return out.isEmpty() ? "–" : String.join(", ", out);
    }

    private static void list(StringBuilder md, String heading, JsonNode items) {
        md.append("## ").append(heading).append("\n\n");
        if (items.isEmpty()) {
            md.append("- None\n");
        }
        items.forEach(v -> md.append("- ").append(v.asString()).append('\n'));
        md.append('\n');
    }
}
