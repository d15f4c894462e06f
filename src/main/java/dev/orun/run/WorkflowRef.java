package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import static java.util.Objects.requireNonNull;

/**
 * Which workflow a run follows, and for what. {@code variant} and {@code buildModel} are the seed's model build
 * variant ({@code --variant}, {@code --build-model}); written only when given, so other records stay as they were.
 */
public record WorkflowRef(String name, String version, String slug, String artifactPath,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String variant,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String buildModel) {
    public WorkflowRef {
        requireNonNull(name, "name");
        requireNonNull(slug, "slug");
    }

    public WorkflowRef(String name, String version, String slug, String artifactPath) {
        this(name, version, slug, artifactPath, null, null);
    }
}
