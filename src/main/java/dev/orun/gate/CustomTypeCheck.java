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

    private static final List<String> SHELLS = List.of("sh", "bash", "zsh", "dash", "ksh");
    private static final Pattern ANY = Pattern.compile("(?<!\\$)\\{([A-Za-z_][A-Za-z0-9_.-]*)}");

    private final OrunConfig.ValidationType type;

    CustomTypeCheck(OrunConfig.ValidationType type) {
        this.type = type;
    }

    private String quotedScript(String text, String target, JsonNode with, ValidationSpec spec, CheckContext ctx) {
        Matcher m = ANY.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.equals("target")) {
                value = target == null ? "" : target;
            } else if (name.startsWith("with.")) {
                JsonNode v = with == null ? null : with.get(name.substring(5));
                if (v == null) {
                    throw ctx.contractError(spec, "with", "the type " + type.name() + " (" + type.where() + ") uses {" + name
                            + "}, which this validation does not give: add \"with\": {\"" + name.substring(5) + "\": …}");
                }
                value = v.isValueNode() ? v.asString() : v.toString();
            } else {
                value = ctx.vars().expand("{" + name + "}", type.where() + "/command");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement("'" + value.replace("'", "'\\''") + "'"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String target = spec.target() == null ? null : ctx.vars().expand(spec.target(), ctx.where(spec, "target"));
        JsonNode with = spec.node("with");
        List<String> argv = new ArrayList<>();
        List<String> given = type.command();
        for (int i = 0; i < given.size(); i++) {
            String a = given.get(i);
            // A script for a shell (the argument after -c) gets every value quoted, never pasted into its code.
            boolean script = i > 0 && given.get(i - 1).equals("-c") && SHELLS.contains(given.get(0).replaceAll(".*/", ""));
            if (script) {
                argv.add(quotedScript(a, target, with, spec, ctx));
                continue;
            }
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
