package dev.orun.gate;

import dev.orun.run.ArtifactRef;
import dev.orun.run.GateStatus;
import dev.orun.run.ValidationResult;

import java.util.List;

/** What finishing a gate found: the hashed outputs, every validation result, the verdict and why it failed. */
public record GateEvaluation(List<String> requiredOutputs, List<ArtifactRef> artifacts, List<ValidationResult> validations,
                             GateStatus status, String failureReason, int cachedFiles) {
    public GateEvaluation {
        requiredOutputs = List.copyOf(requiredOutputs);
        artifacts = List.copyOf(artifacts);
        validations = List.copyOf(validations);
    }

    public boolean passed() {
        return status == GateStatus.PASS;
    }
}
