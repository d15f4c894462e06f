package dev.orun.gate;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a contract's {@code required_outputs}. {@code pointer} is where it sits in the contract file,
 * for error messages. Whether it is required depends on the run's depth.
 */
public record OutputSpec(String path, String description, Boolean required, List<String> requiredForDepth,
                         List<String> optionalForDepth, String pointer) {
    public OutputSpec {
        requireNonNull(path, "path");
        requiredForDepth = requiredForDepth == null ? null : List.copyOf(requiredForDepth);
        optionalForDepth = optionalForDepth == null ? null : List.copyOf(optionalForDepth);
    }

    /** required_for_depth decides when given; else optional_for_depth exempts; else {@code required} (default true). */
    public boolean requiredAt(String depth) {
        if (requiredForDepth != null) {
            return requiredForDepth.contains(depth);
        }
        if (optionalForDepth != null && optionalForDepth.contains(depth)) {
            return false;
        }
        return required == null || required;
    }
}
