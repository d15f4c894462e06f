package dev.orun.issues;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One item of a pack's {@code implementation.github_issue_plan}. */
public record PlanItem(String id, String title, String summary, String body, List<String> labels, List<String> dependsOn,
                       List<String> acceptanceCriteria) {
    public PlanItem {
        requireNonNull(id, "id");
        requireNonNull(title, "title");
        summary = summary == null ? "" : summary;
        body = body == null ? "" : body;
        labels = labels == null ? List.of() : List.copyOf(labels);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        acceptanceCriteria = acceptanceCriteria == null ? List.of() : List.copyOf(acceptanceCriteria);
    }
}
