package dev.orun.run;

import static java.util.Objects.requireNonNull;

/** Which workflow a run follows, and for what. */
public record WorkflowRef(String name, String version, String slug, String artifactPath) {
    public WorkflowRef {
        requireNonNull(name, "name");
        requireNonNull(slug, "slug");
    }
}
