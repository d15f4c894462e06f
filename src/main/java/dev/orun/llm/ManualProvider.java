package dev.orun.llm;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.store.AtomicFiles;
import dev.orun.store.OrunPaths;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * No API: a person is the model. Each request becomes a packet ({@code <stem>.packet.md}: the instructions, the
 * prompt and the answer's JSON Schema) in the plan's log folder; the answer is the JSON file the person saves
 * beside it ({@code <stem>.answer.json}). Until it exists the plan pauses ({@code orun plan resume}).
 */
public final class ManualProvider implements StructuredModel {
    private final Path folder;
    private final OrunPaths paths;
    private final String runId;

    public ManualProvider(Path folder, OrunPaths paths, String runId) {
        this.folder = folder;
        this.paths = paths;
        this.runId = runId;
    }

    @Override
    public String provider() {
        return "manual";
    }

    @Override
    public String model() {
        return null;
    }

    @Override
    public boolean keepsOwnLogs() {
        return true;
    }

    public Path packetFile(StructuredRequest r) {
        return folder.resolve(r.logStem() + ".packet.md");
    }

    public Path answerFile(StructuredRequest r) {
        return folder.resolve(r.logStem() + ".answer.json");
    }

    @Override
    public StructuredAnswer ask(StructuredRequest request) {
        String packet = packet(request);
        Path answer = answerFile(request);
        if (!Files.isRegularFile(answer)) {
            AtomicFiles.write(packetFile(request), packet.getBytes(StandardCharsets.UTF_8));
            throw new OrunException(Exit.PAUSED, "plan paused for a person: answer the packet "
                    + paths.relative(packetFile(request)) + " by saving one JSON object to " + paths.relative(answer)
                    + ", then run 'orun plan resume --run " + runId + "'");
        }
        String text;
        try {
            text = Files.readString(answer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + paths.relative(answer) + ": " + e.getMessage(), e);
        }
        JsonNode value = null;
        String problem = null;
        try {
            value = Json.LENIENT.readTree(OpenAiClient.stripFences(text));
        } catch (JacksonException e) {
            problem = paths.relative(answer) + " is not JSON" + dev.orun.schema.SyntaxProblem.ofJson(e).sentence()
                    + "; save one JSON object";
        }
        if (problem == null && (value == null || !value.isObject())) {
            problem = paths.relative(answer) + " is not a JSON object: save one JSON object";
        }
        return new StructuredAnswer(problem == null ? value : null, problem, packet, text, null, null, 0);
    }

    private String packet(StructuredRequest r) {
        return "# orun plan: " + r.logStem() + "\n\n"
                + "Run: " + runId + "\n\n"
                + "Answer as a model would: save ONE JSON object, valid against the JSON Schema at the end, to\n\n"
                + "    " + paths.relative(folder.resolve(r.logStem() + ".answer.json")) + "\n\n"
                + "then run `orun plan resume --run " + runId + "`.\n\n"
                + "## Instructions\n\n" + r.system() + "\n\n"
                + "## Prompt\n\n" + r.prompt() + "\n\n"
                + "## JSON Schema of the answer (" + r.name() + ")\n\n```json\n" + Json.pretty(r.schema()) + "```\n";
    }
}
