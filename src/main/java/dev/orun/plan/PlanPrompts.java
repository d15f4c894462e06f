package dev.orun.plan;

import dev.orun.schema.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** The text of a plan's model requests: the system prompt, a section's prompt, and the repair prompt. */
final class PlanPrompts {
    private PlanPrompts() {
    }

    static String system(PlanSection section) {
        return "You are orun's planner. You write the " + section.title() + " section of an architecture pack for the "
                + "product a PRD describes.\n"
                + "Answer with exactly one JSON object that satisfies the given JSON Schema (the input schema of the tool "
                + section.toolName() + ", or the response format): no keys the schema does not list, enum values only "
                + "from the lists given, every required field present.\n"
                + "Keep strings short and concrete. No markdown, no commentary.";
    }

    /** A section's instructions, the earlier sections it builds on, and the PRD when it needs it. */
    static String section(PlanSection section, ObjectNode sofar, String prd) {
        StringBuilder p = new StringBuilder(section.instructions());
        ObjectNode context = Json.STRICT.createObjectNode();
        for (String field : section.context()) {
            if (sofar.has(field)) {
                context.set(field, sofar.get(field));
            }
        }
        if (!context.isEmpty()) {
            p.append("\n\nEarlier sections of the pack (JSON):\n").append(Json.STRICT.writeValueAsString(context));
        }
        if (section.needsPrd()) {
            p.append("\n\nPRD:\n").append(prd);
        }
        return p.toString();
    }

    /** The prompt again, after why the previous answer was refused and that answer. */
    static String repair(String prompt, String previous, List<String> messages) {
        StringBuilder p = new StringBuilder("Your previous answer was refused for these reasons:\n");
        messages.forEach(m -> p.append("- ").append(m).append('\n'));
        p.append("\nPrevious answer:\n").append(previous == null ? "(none)" : previous)
                .append("\n\nAnswer again, fixing exactly these problems and keeping the rest.\n\n").append(prompt);
        return p.toString();
    }
}
