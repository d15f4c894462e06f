package dev.orun.workflow;

import dev.orun.gate.GateContract;
import dev.orun.gate.OutputSpec;
import dev.orun.gate.ValidationSpec;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.RunRecord;
import dev.orun.run.Sha256;
import dev.orun.run.ValidationResult;
import dev.orun.store.AtomicFiles;
import dev.orun.store.OrunPaths;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prompt packet of a gate attempt: everything the person or agent needs in one text file,
 * {@code logs/gates/<Gx>/prompt.txt} (the latest) and {@code logs/gates/<Gx>/attempt-<n>/prompt.txt}. Its SHA-256
 * becomes the attempt's {@code prompt_sha256}. No timestamps: the same inputs give the same packet.
 */
public final class PromptPackets {
    private final RunStore store;

    public PromptPackets(RunStore store) {
        this.store = store;
    }

    /** A packet as written: repository-relative path and its SHA-256. */
    public record Packet(String path, String sha256, Path file) {
    }

    /** The values commands and templates may use: the contract variables, plus {@code {prompt_file}} when given. */
    public static Map<String, String> values(RunRecord run, String promptFile) {
        Map<String, String> v = new TreeMap<>(GateService.variables(run).values());
        if (promptFile != null) {
            v.put("prompt_file", promptFile);
        }
        return v;
    }

    public Path latest(String runId, String gateId) {
        return store.paths().logsDir(runId).resolve("gates").resolve(gateId).resolve("prompt.txt");
    }

    /** Renders and writes the packet of {@code attempt} (its number and agent), given the gate's earlier attempts. */
    public Packet write(RunRecord run, Workflow wf, WorkflowGate wg, GateContract contract, Attempt attempt) {
        String text = render(run, wf, wg, contract, attempt);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path gateLogs = store.paths().logsDir(run.runId()).resolve("gates").resolve(wg.gate());
        AtomicFiles.write(gateLogs.resolve("attempt-" + attempt.attempt()).resolve("prompt.txt"), bytes);
        Path file = gateLogs.resolve("prompt.txt");
        AtomicFiles.write(file, bytes);
        return new Packet(store.paths().relative(file), Sha256.hex(bytes), file);
    }

    String render(RunRecord run, Workflow wf, WorkflowGate wg, GateContract contract, Attempt attempt) {
        OrunPaths paths = store.paths();
        String depth = run.depth() == null ? "standard" : run.depth();
        String packetPath = paths.relative(latest(run.runId(), wg.gate()));
        Map<String, String> values = new TreeMap<>(values(run, packetPath));
        values.putAll(GateService.variables(run).withClientComponent(paths.root()).values());
        StringBuilder sb = new StringBuilder();
        sb.append("# orun prompt packet: gate ").append(wg.gate()).append(wg.name() == null ? "" : " " + wg.name())
                .append(", attempt ").append(attempt.attempt()).append(" of ").append(wg.maxAttempts()).append("\n\n");
        line(sb, "run", run.runId());
        line(sb, "workflow", wf.name() + (wf.version() == null ? "" : " version " + wf.version()));
        line(sb, "gate", wg.gate() + (wg.name() == null ? "" : " " + wg.name()));
        line(sb, "attempt", String.valueOf(attempt.attempt()));
        line(sb, "slug", run.workflow().slug());
        line(sb, "artifacts", run.workflow().artifactPath() == null ? "(none)" : run.workflow().artifactPath());
        line(sb, "depth", depth);
        line(sb, "agent", attempt.agent() == null ? (wg.hasExec() ? "(agent command)" : "(a person)") : attempt.agent());
        if (!run.vars().isEmpty()) {
            line(sb, "vars", String.join(", ", run.vars().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        if (contract.description() != null) {
            line(sb, "goal", contract.description());
        }

        if (run.prompt() != null) {
            sb.append("\n## Original prompt (").append(run.prompt().file()).append(")\n\n");
            sb.append(originalPrompt(run)).append('\n');
        }

        sb.append("\n## Instructions for this gate\n\n");
        TemplateText t = template(wf, wg);
        if (t.text == null) {
            sb.append("(none: ").append(t.note).append(")\n");
        } else {
            sb.append("From ").append(t.note).append(":\n\n").append(Placeholders.fill(t.text, values).stripTrailing()).append('\n');
        }

        skills(sb, contract);

        sb.append("\n## Required outputs\n\n");
        if (contract.outputs().isEmpty()) {
            sb.append("(none listed)\n");
        }
        boolean anyHeader = false;
        for (OutputSpec o : contract.outputs()) {
            if (o.anyOf() && !anyHeader) {
                sb.append(contract.hasEach() ? "And at least one of:\n" : "At least one of:\n");
                anyHeader = true;
            }
            String path = Placeholders.fill(o.path(), values);
            boolean optional = !o.anyOf() && !o.requiredAt(depth);
            sb.append("- ").append(path).append(optional ? " (optional at depth " + depth + ")" : "")
                    .append(o.description() == null ? "" : " — " + o.description()).append('\n');
        }

        sb.append("\n## What validation will check\n\n");
        for (String check : checks(contract, values, depth)) {
            sb.append("- ").append(check).append('\n');
        }

        Attempt previous = previous(run.gate(wg.gate()), attempt.attempt());
        if (previous != null) {
            sb.append("\n## What failed last time (attempt ").append(previous.attempt()).append(")\n\n");
            if (previous.failureReason() != null) {
                sb.append(previous.failureReason().strip()).append('\n');
            }
            for (ValidationResult v : previous.validations()) {
                if (!v.pass()) {
                    sb.append("- ").append(v.isWarning() ? "warning " : "FAILED ").append(v.type())
                            .append(v.target() == null ? "" : " " + v.target()).append(": ").append(v.message()).append('\n');
                }
            }
            sb.append("Fix these and keep what passed.\n");
        }

        sb.append("\n## When you are done\n\n");
        if (wg.hasExec()) {
            sb.append("Write the outputs above and exit 0; orun then checks them.\n");
        } else {
            sb.append("If an orun waits for you in a terminal, press Enter there (f to fail the gate, p to pause).\n")
                    .append("If none waits (it paused, or was stopped), run: orun run resume --run ").append(run.runId()).append('\n');
        }
        return sb.toString();
    }

    /**
     * The contract's required skills with the full text of each injected file, as the seed's prompt-generator.js puts
     * them between the gate's instructions and its outputs. A missing file is a contract error (exit 4), not a
     * silently shorter packet.
     */
    private void skills(StringBuilder sb, GateContract contract) {
        if (contract.skills().isEmpty()) {
            return;
        }
        sb.append("\n## Required skills: read before executing\n\n");
        sb.append("Follow these procedures during this gate; they are included in full below.\n");
        for (GateContract.RequiredSkill skill : contract.skills()) {
            sb.append("\n### Skill: ").append(skill.shownName()).append("\n\n");
            sb.append("Path: ").append(skill.path()).append('\n');
            if (skill.reason() != null && !skill.reason().isBlank()) {
                sb.append("Why: ").append(skill.reason().strip()).append('\n');
            }
            for (int j = 0; j < skill.inject().size(); j++) {
                String name = skill.inject().get(j);
                String rel = skill.path().replaceAll("/+$", "") + "/" + name;
                String where = contract.source() + " " + skill.pointer() + "/inject/" + j;
                Path file = store.paths().resolveInside(rel, where);
                if (!Files.isRegularFile(file) || !store.paths().checkInside(file)) {
                    throw dev.orun.error.OrunException.invalid(where + ": skill file " + rel
                            + " does not exist: add it or remove it from 'inject'");
                }
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot read " + rel + ": " + e.getMessage(), e);
                }
                sb.append("\n---- ").append(name).append(" ----\n\n").append(text.stripTrailing()).append('\n');
            }
        }
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(":").append(" ".repeat(Math.max(1, 11 - key.length()))).append(value).append('\n');
    }

    private String originalPrompt(RunRecord run) {
        Path file = store.paths().root().resolve(run.prompt().file());
        try {
            byte[] bytes = Files.readAllBytes(file);
            String note = Sha256.hex(bytes).equals(run.prompt().sha256()) ? ""
                    : "(note: the file changed since the run started; the record keeps sha256 " + run.prompt().sha256() + ")\n\n";
            return note + new String(bytes, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            return "(the file is gone; the record keeps sha256 " + run.prompt().sha256() + ")";
        }
    }

    private record TemplateText(String text, String note) {
    }

    /** The gate's template: a path, or a bare name looked up as orchestration/prompts/<workflow>/<name>.md. */
    private TemplateText template(Workflow wf, WorkflowGate wg) {
        String t = wg.promptTemplate();
        if (t == null || t.isBlank()) {
            return new TemplateText(null, "the workflow gives gate " + wg.gate() + " no prompt_template");
        }
        String rel = t.contains("/") ? t : "orchestration/prompts/" + wf.name() + "/" + (t.endsWith(".md") ? t : t + ".md");
        Path file;
        try {
            file = store.paths().resolveInside(rel, "prompt_template of gate " + wg.gate());
        } catch (RuntimeException e) {
            return new TemplateText(null, e.getMessage());
        }
        if (!Files.isRegularFile(file) || !store.paths().checkInside(file)) {
            return new TemplateText(null, rel + " not found");
        }
        try {
            return new TemplateText(Files.readString(file, StandardCharsets.UTF_8), rel);
        } catch (IOException e) {
            return new TemplateText(null, rel + " cannot be read: " + e.getMessage());
        }
    }

    private static Attempt previous(GateState gate, int current) {
        if (gate == null) {
            return null;
        }
        Attempt found = null;
        for (Attempt a : gate.attempts()) {
            if (a.attempt() < current && a.finishedAt() != null) {
                found = a;
            }
        }
        return found;
    }

    /** One line per check, saying what it wants. */
    static List<String> checks(GateContract contract, Map<String, String> values, String depth) {
        List<String> out = new ArrayList<>();
        boolean covered = contract.validations().stream().anyMatch(v -> v.type().equals("file_exists")
                && ("all_required".equals(v.target()) || "any_of".equals(v.target())));
        if (contract.hasEach() && !contract.validations().stream().anyMatch(v -> v.type().equals("file_exists") && "all_required".equals(v.target()))
                && !(covered && !contract.hasAnyOf())) {
            out.add("every required output exists");
        }
        if (contract.hasAnyOf() && !contract.validations().stream().anyMatch(v -> v.type().equals("file_exists") && "any_of".equals(v.target()))) {
            out.add("at least one of the any_of outputs exists");
        }
        for (ValidationSpec v : contract.validations()) {
            String target = v.target() == null ? null : Placeholders.fill(v.target(), values);
            String what = switch (v.type()) {
                case "file_exists" -> "all_required".equals(target) ? "every required output exists"
                        : "any_of".equals(target) ? "at least one of the outputs exists" : target + " exists";
                case "min_sources" -> target + " cites at least " + dev.orun.gate.Check.count(threshold(v, depth), "source")
                        + " (the highest of: ### source headings, distinct URLs, **URL**/**Source** entries, bullets)";
                case "min_words" -> target + " has at least " + dev.orun.gate.Check.count(threshold(v, depth), "word");
                case "contains_headings" -> target + " has the headings " + list(v.node("required_headings"));
                case "not_contains" -> target + " does not contain " + (v.flag("regex") ? "a match of /" + v.text("pattern") + "/"
                        : "'" + v.text("pattern") + "'") + (v.flag("missing_ok") ? " (a missing file is fine)" : "");
                case "matches" -> target + " matches /" + v.text("pattern") + "/";
                case "json_schema" -> target + " validates against " + v.text("schema");
                case "command" -> "the check command " + v.node("command") + " exits 0";
                default -> dev.orun.gate.Checks.wants(v, target, threshold(v, depth));
            };
            out.add(what + (v.warning() ? " (warning only)" : ""));
        }
        return out;
    }

    private static String threshold(ValidationSpec v, String depth) {
        var t = v.node("thresholds");
        if (t != null && t.has(depth)) {
            return t.get(depth).asString() + " (depth " + depth + ")";
        }
        return v.node("min") == null ? "?" : v.node("min").asString();
    }

    private static String list(tools.jackson.databind.JsonNode node) {
        List<String> items = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> items.add("'" + n.asString() + "'"));
        }
        return String.join(", ", items);
    }
}
