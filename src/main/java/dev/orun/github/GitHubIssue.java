package dev.orun.github;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The part of a GitHub issue orun reads (GitHub's JSON is read leniently: unknown fields ignored). */
public record GitHubIssue(int number, String title, String body, String state, String htmlUrl, List<String> labels,
                          boolean pullRequest) {
    public GitHubIssue {
        body = body == null ? "" : body;
        labels = List.copyOf(labels);
    }

    static GitHubIssue from(JsonNode n) {
        List<String> labels = new ArrayList<>();
        for (JsonNode l : n.path("labels")) {
            // GitHub's description allows a label as a plain name or as an object.
            labels.add(l.isString() ? l.asString() : l.path("name").asString(""));
        }
        return new GitHubIssue(n.path("number").asInt(), n.path("title").asString(""),
                n.path("body").isString() ? n.path("body").asString() : "", n.path("state").asString("open"),
                n.path("html_url").asString(""), labels, n.has("pull_request") && !n.path("pull_request").isNull());
    }
}
