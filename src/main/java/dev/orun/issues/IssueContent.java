package dev.orun.issues;

import dev.orun.run.Sha256;
import dev.orun.schema.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What orun writes into an issue for a plan item: title, body (ending in the hidden identity marker) and labels,
 * and the hash of that content. The hash covers title, body without the marker, and the sorted labels; the
 * marker carries it too, so orun can tell what it last wrote even when its state file is lost.
 */
public record IssueContent(String title, String body, List<String> labels, String sha256) {
    /** orun's own label: every synced issue carries it, and discovery lists issues by it. */
    public static final String LABEL = "orun";
    private static final Pattern MARKER = Pattern.compile(
            "<!-- orun:issue run=(\\S+) item=(\\S+?)(?: sha256=([0-9a-f]{64}))? -->");

    /** The identity written at the end of every issue body. */
    public record Marker(String runId, String itemId, String sha256) {
        public String render() {
            return "<!-- orun:issue run=" + runId + " item=" + itemId + (sha256 == null ? "" : " sha256=" + sha256) + " -->";
        }

        /** The last marker in a body, if any. */
        public static Optional<Marker> find(String body) {
            Matcher m = MARKER.matcher(body == null ? "" : body);
            Marker found = null;
            while (m.find()) {
                found = new Marker(m.group(1), m.group(2), m.group(3));
            }
            return Optional.ofNullable(found);
        }
    }

    /**
     * Renders an item. {@code issueOf} gives the issue number of a dependency, or null when it has none yet
     * (only in a dry run, where a dependency to be created is named by its id).
     */
    public static IssueContent render(PlanItem item, String runId, Function<String, Integer> issueOf) {
        List<String> parts = new ArrayList<>();
        if (!item.summary().isBlank()) {
            parts.add(item.summary().strip());
        }
        if (!item.body().isBlank() && !item.body().strip().equals(item.summary().strip())) {
            parts.add(item.body().strip());
        }
        if (!item.acceptanceCriteria().isEmpty()) {
            StringBuilder sb = new StringBuilder("## Acceptance criteria\n");
            item.acceptanceCriteria().forEach(c -> sb.append("\n- [ ] ").append(c.strip()));
            parts.add(sb.toString());
        }
        if (!item.dependsOn().isEmpty()) {
            StringBuilder sb = new StringBuilder("## Dependencies\n");
            for (String dep : item.dependsOn()) {
                Integer n = issueOf.apply(dep);
                sb.append("\n").append(n == null ? "Depends on `" + dep + "` (not created yet)" : "Depends on #" + n);
            }
            parts.add(sb.toString());
        }
        String text = String.join("\n\n", parts);
        List<String> labels = new ArrayList<>(item.labels());
        if (labels.stream().noneMatch(LABEL::equalsIgnoreCase)) {
            labels.add(LABEL);
        }
        String sha = hash(item.title(), text, labels);
        String body = (text.isEmpty() ? "" : text + "\n\n") + new Marker(runId, item.id(), sha).render() + "\n";
        return new IssueContent(item.title(), body, List.copyOf(labels), sha);
    }

    static String hash(String title, String text, List<String> labels) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("title", title);
        content.put("body", text);
        content.put("labels", new ArrayList<>(new TreeSet<>(labels)));
        return Sha256.hex(Json.canonical(content));
    }
}
