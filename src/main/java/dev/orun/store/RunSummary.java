package dev.orun.store;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code run list}: read from either an orun record or a legacy one. {@code searchText} is what
 * {@code --grep} searches, already in lower case: id, workflow, slug, statuses, agents, failure reasons and
 * event messages.
 */
public record RunSummary(String runId, String workflow, String slug, String status, String depth, String startedAt,
                         String finishedAt, int gatesPassed, int gatesTotal, boolean legacy, List<String> agents,
                         String searchText) {

    public static RunSummary of(LoadedRun run) {
        JsonNode t = run.tree();
        JsonNode wf = t.path("workflow");
        int passed = 0;
        int total = 0;
        List<String> agents = new ArrayList<>();
        StringBuilder search = new StringBuilder();
        for (JsonNode g : t.path("gates")) {
            total++;
            if ("PASS".equals(g.path("status").asString(""))) {
                passed++;
            }
            search.append(' ').append(g.path("status").asString(""));
            for (JsonNode a : g.path("attempts")) {
                addAgent(agents, a.path("agent").asString(""));
                if (a.hasNonNull("failure_reason")) {
                    search.append(' ').append(a.path("failure_reason").asString(""));
                }
            }
        }
        for (JsonNode i : t.path("invocations")) {
            addAgent(agents, i.path("agent").asString(""));
            search.append(' ').append(i.path("status").asString("")).append(' ').append(i.path("reason").asString(""));
        }
        for (JsonNode e : t.path("events")) {
            search.append(' ').append(e.path("message").asString(""));
        }
        String name = wf.path("name").asString("");
        String slug = wf.path("slug").asString("");
        String status = t.path("status").asString("");
        String haystack = (run.runId() + " " + name + " " + slug + " " + status + " " + String.join(" ", agents) + search)
                .toLowerCase(java.util.Locale.ROOT);
        return new RunSummary(run.runId(), name, slug, status, t.path("depth").asString(null),
                t.path("started_at").asString(""), t.path("finished_at").asString(null), passed, total, run.legacy(),
                List.copyOf(agents), haystack);
    }

    /** Whether {@code --grep} text (already in lower case) occurs in what the run is searched by. */
    public boolean matchesLowercase(String needle) {
        return searchText.contains(needle);
    }

    private static void addAgent(List<String> agents, String agent) {
        if (!agent.isEmpty() && !agents.contains(agent)) {
            agents.add(agent);
        }
    }
}
