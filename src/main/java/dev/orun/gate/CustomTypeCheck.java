package dev.orun.gate;

import dev.orun.run.Durations;
import dev.orun.run.ValidationResult;
import dev.orun.schema.Json;
import dev.orun.store.OrunConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team's own validation type, declared in {@code orchestration/orun.yaml} under {@code validation_types}: its
 * command runs at the repository root like a {@code command} check and passes on exit 0. In its arguments
 * {@code {target}} is the validation's expanded target, {@code {with.FIELD}} a field of its {@code with} object,
 * and the run's variables expand as in a contract; {@code ORUN_VALIDATION} holds the validation as JSON (target
 * expanded), {@code ORUN_TARGET} the target. The output's last line ends the message.
 */
final class CustomTypeCheck implements Check {
    private static final Pattern FIELD = Pattern.compile("\\{(target|with\\.([A-Za-z0-9_-]+))}");

    private final OrunConfig.ValidationType type;

    CustomTypeCheck(OrunConfig.ValidationType type) {
        this.type = type;
    }

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String target = spec.target() == null ? null : ctx.vars().expand(spec.target(), ctx.where(spec, "target"));
        JsonNode with = spec.node("with");
        List<String> argv = new ArrayList<>();
        for (String a : type.command()) {
            Matcher m = FIELD.matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value;
                if (m.group(2) == null) {
                    value = target == null ? "" : target;
                } else {
                    JsonNode v = with == null ? null : with.get(m.group(2));
                    if (v == null) {
                        throw ctx.contractError(spec, "with", "the type " + type.name() + " (" + type.where() + ") uses {with."
                                + m.group(2) + "}, which this validation does not give: add \"with\": {\"" + m.group(2) + "\": …}");
                    }
                    value = v.isValueNode() ? v.asString() : v.toString();
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            argv.add(ctx.vars().expand(sb.toString(), type.where() + "/command"));
        }
        ObjectNode json = ((ObjectNode) spec.raw()).deepCopy();
        if (target != null) {
            json.put("target", target);
        }
        String label = target != null ? target : type.name();
        var timeout = type.timeout() != null ? Durations.parse(type.timeout(), type.where() + "/timeout") : ctx.commandTimeout();
        return List.of(CommandCheck.execute(spec, ctx, argv, label, timeout, Map.of("ORUN_VALIDATION", Json.canonical(json),
                "ORUN_TARGET", target == null ? "" : target, "ORUN_VALIDATION_TYPE", type.name()), true));
    }
}
