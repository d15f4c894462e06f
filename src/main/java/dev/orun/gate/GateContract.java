package dev.orun.gate;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A gate contract (seed format): the outputs a gate must produce and the checks they must pass, the scripts run
 * before the checks ({@code pre_scripts}) and the skills injected into its prompt packet ({@code required_skills}).
 * {@code agent} is the seed's informative agent name; the descriptive fields are not kept.
 */
public record GateContract(String gate, String name, boolean blocking, String description, OutputMode mode,
                           List<OutputSpec> outputs, List<ValidationSpec> validations, String source,
                           String agent, List<PreScript> preScripts, List<RequiredSkill> skills) {
    public GateContract {
        requireNonNull(gate, "gate");
        requireNonNull(mode, "mode");
        outputs = List.copyOf(outputs);
        validations = List.copyOf(validations);
        preScripts = preScripts == null ? List.of() : List.copyOf(preScripts);
        skills = skills == null ? List.of() : List.copyOf(skills);
    }

    /** Whether some outputs form an {@code any_of} group (alone or beside {@code all_of}). */
    public boolean hasAnyOf() {
        for (OutputSpec o : outputs) {
            if (o.anyOf()) {
                return true;
            }
        }
        return false;
    }

    /** Whether some outputs are each required on their own ({@code all_of} or a plain list). */
    public boolean hasEach() {
        for (OutputSpec o : outputs) {
            if (!o.anyOf()) {
                return true;
            }
        }
        return false;
    }

    /** One entry of {@code pre_scripts}: a repository-relative script and its arguments (templates). */
    public record PreScript(String path, List<String> args, String pointer) {
        public PreScript {
            requireNonNull(path, "path");
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** One entry of {@code required_skills}: a skill folder and the files of it that go into the packet. */
    public record RequiredSkill(String path, String name, String reason, List<String> inject, String pointer) {
        public RequiredSkill {
            requireNonNull(path, "path");
            inject = inject == null ? List.of() : List.copyOf(inject);
        }

        /** The name shown in the packet: {@code name}, else the folder's last segment (as the seed does). */
        public String shownName() {
            if (name != null && !name.isBlank()) {
                return name;
            }
            String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return p.substring(p.lastIndexOf('/') + 1);
        }
    }
}
