package dev.orun.gate;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A gate contract (seed format): the outputs a gate must produce and the checks they must pass. */
public record GateContract(String gate, String name, boolean blocking, String description, OutputMode mode,
                           List<OutputSpec> outputs, List<ValidationSpec> validations, String source) {
    public GateContract {
        requireNonNull(gate, "gate");
        requireNonNull(mode, "mode");
        outputs = List.copyOf(outputs);
        validations = List.copyOf(validations);
    }
}
