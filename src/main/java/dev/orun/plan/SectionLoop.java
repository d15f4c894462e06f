package dev.orun.plan;

import dev.orun.error.OrunException;
import dev.orun.llm.StructuredAnswer;
import dev.orun.llm.StructuredModel;
import dev.orun.llm.StructuredRequest;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunIds;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.scrub.PiiScrubber;
import dev.orun.scrub.ScrubSettings;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The repair loop of one section: asks the model, checks the answer against the section's schema and the pack
 * checks, and asks again with the reasons, at most {@link #MAX_ANSWERS} times. Every answer is an invocation of
 * the run; its request and response go, scrubbed, to the plan's logs.
 */
final class SectionLoop {
    static final int MAX_ANSWERS = 3; // the first answer and at most two repairs

    private final RunStore store;
    private final SchemaValidator schemas;
    private final Map<String, String> env;
    private final Clock clock;
    private final PackSchema packSchema = new PackSchema();

    SectionLoop(RunStore store, SchemaValidator schemas, Map<String, String> env, Clock clock) {
        this.store = store;
        this.schemas = schemas;
        this.env = env;
        this.clock = clock;
    }

    /** The section's accepted answer; refused {@link #MAX_ANSWERS} times, exit 4 naming the last reasons. */
    JsonNode ask(String runId, Path logs, PlanSection section, ObjectNode sofar, String prd, StructuredModel model) {
        JsonNode schema = packSchema.section(section);
        String prompt = PlanPrompts.section(section, sofar, prd);
        int budget = section.budget(env);
        List<String> messages = List.of();
        String previous = null;
        for (int attempt = 1; attempt <= MAX_ANSWERS; attempt++) {
            String text = attempt == 1 ? prompt : PlanPrompts.repair(prompt, previous, messages);
            StructuredRequest request = new StructuredRequest(section.toolName(),
                    "Submit the " + section.title() + " section of the architecture pack.", PlanPrompts.system(section), text,
                    schema, budget, section.fileStem() + ".attempt-" + attempt);
            Instant started = clock.instant();
            StructuredAnswer answer = model.ask(request);
            messages = answer.value() == null ? List.of(answer.problem()) : problems(section, schema, answer.value(), sofar);
            if (!model.keepsOwnLogs()) {
                PiiScrubber scrubber = ScrubSettings.forLogs(store.paths(), schemas, env);
                AtomicFiles.write(logs.resolve(request.logStem() + ".request.json"), scrubber.scrub(answer.requestText()).getBytes(StandardCharsets.UTF_8));
                AtomicFiles.write(logs.resolve(request.logStem() + ".response.json"), scrubber.scrub(answer.responseText()).getBytes(StandardCharsets.UTF_8));
            }
            record(runId, section, model, answer, started, messages);
            if (messages.isEmpty()) {
                return answer.value();
            }
            previous = answer.value() != null ? Json.STRICT.writeValueAsString(answer.value()) : answer.responseText();
        }
        throw OrunException.invalid("section '" + section.id() + "' failed its schema or checks " + MAX_ANSWERS
                + " times; last: " + String.join("; ", messages.subList(0, Math.min(3, messages.size())))
                + (messages.size() > 3 ? " (and " + (messages.size() - 3) + " more)" : "") + ": the raw answers are in "
                + store.paths().relative(logs) + "/" + section.fileStem() + ".attempt-*; run 'orun plan --run "
                + runId + "' to try again (a stronger --model may help)");
    }

    /** The answer's schema violations and, on the pack so far plus this answer, the check errors in its fields. */
    private List<String> problems(PlanSection section, JsonNode schema, JsonNode value, ObjectNode sofar) {
        List<String> out = new ArrayList<>();
        for (Violation v : schemas.validateAgainst(schema, value)) {
            out.add((v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message());
        }
        if (!out.isEmpty()) {
            return out;
        }
        ObjectNode candidate = sofar.deepCopy();
        value.properties().forEach(e -> candidate.set(e.getKey(), e.getValue()));
        for (Violation v : PackChecks.check(candidate).errors()) {
            if (section.fields().stream().anyMatch(f -> v.pointer().startsWith("/" + f + "/") || v.pointer().equals("/" + f))) {
                out.add(v.pointer() + ": " + v.message());
            }
        }
        return out;
    }

    private void record(String runId, PlanSection section, StructuredModel model, StructuredAnswer answer, Instant started,
                        List<String> messages) {
        String promptSha = Sha256.hex(answer.requestText());
        String responseSha = Sha256.hex(answer.responseText());
        String agent = "plan:" + section.id();
        Instant end = started.plusMillis(answer.durationMs());
        Invocation inv = new Invocation(RunIds.newInvocationId(end), null, agent,
                messages.isEmpty() ? InvocationStatus.SUCCESS : InvocationStatus.FAIL, Times.iso(started), Times.iso(end),
                answer.durationMs(), answer.model(), model.provider(), answer.tokens(), null, null,
                messages.isEmpty() ? null : oneLine(messages.get(0)), promptSha, responseSha);
        store.update(runId, r -> {
            // A manual answer is read again on every resume; it is one invocation, recorded once.
            boolean known = r.invocations().stream().anyMatch(i -> agent.equals(i.agent()) && promptSha.equals(i.promptSha256())
                    && responseSha.equals(i.responseSha256()));
            return known ? r : r.withInvocation(inv).withEvent(inv.finishedAt(), "INVOCATION_RECORDED", "Invocation "
                    + inv.invocationId() + " by " + agent + ": " + inv.status(), null, null);
        });
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ');
        return t.length() > 500 ? t.substring(0, 500) + "…" : t;
    }
}
