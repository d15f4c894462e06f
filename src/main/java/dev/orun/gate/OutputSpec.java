package dev.orun.gate;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a contract's {@code required_outputs}. {@code pointer} is where it sits in the contract file,
 * for error messages. {@code anyOf}: it belongs to the {@code any_of} group (at least one of the group must
 * exist); otherwise whether it is required depends on the run's depth.
 */
public record OutputSpec(String path, String description, Boolean required, List<String> requiredForDepth,
                         List<String> optionalForDepth, String pointer, boolean anyOf) {
    public OutputSpec {
        requireNonNull(path, "path");
        requiredForDepth = requiredForDepth == null ? null : List.copyOf(requiredForDepth);
        optionalForDepth = optionalForDepth == null ? null : List.copyOf(optionalForDepth);
    }

    /**
     * Whether this output must exist on its own at {@code depth}: never for an {@code any_of} member;
     * required_for_depth decides when given; else optional_for_depth exempts; else {@code required} (default true).
     */
    public boolean requiredAt(String depth) {
        if (anyOf) {
            return false;
        }
        if (requiredForDepth != null) {
            return requiredForDepth.contains(depth);
        }
        if (optionalForDepth != null && optionalForDepth.contains(depth)) {
            return false;
        }
        return required == null || required;
    }
}
