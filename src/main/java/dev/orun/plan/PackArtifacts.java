package dev.orun.plan;

import dev.orun.run.IndexedArtifact;
import dev.orun.run.RunRecord;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.run.ValidationResult;
import dev.orun.schema.Json;
import dev.orun.schema.Violation;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Writes a pack that has passed its schema and checks, with its summary and diagram, under the run's
 * {@code record/artifacts/}, and records them (SHA-256 in the artifacts index, warnings in validations) in one
 * locked update. Only a valid pack ever reaches this class.
 */
public final class PackArtifacts {
    public static final String PACK = "architecture_pack.json";
    public static final String SUMMARY = "architecture_pack_summary.md";
    public static final String DIAGRAM = "architecture_pack_diagram.mmd";
    static final String CHECK_TYPE = "pack_check";
    static final String SCHEMA_TYPE = "json_schema";

    private final RunStore store;

    public PackArtifacts(RunStore store) {
        this.store = store;
    }

    public Path folder(String runId) {
        return store.paths().recordDir(runId).resolve("artifacts");
    }

    public RunRecord write(String runId, JsonNode given, List<Violation> warnings, Instant now, UnaryOperator<RunRecord> also) {
        JsonNode pack = scrubbed(given.deepCopy());
        Path dir = folder(runId);
        String ts = Times.iso(now);
        List<IndexedArtifact> index = new ArrayList<>();
        try (RunLock ignored = store.lock(runId)) {
            RunRecord run = store.read(runId);
            index.add(put(dir.resolve(PACK), Json.prettyBytes(pack), ts));
            index.add(put(dir.resolve(SUMMARY), PackRenderer.summary(pack, warnings).getBytes(StandardCharsets.UTF_8), ts));
            index.add(put(dir.resolve(DIAGRAM), PackRenderer.mermaid(pack).getBytes(StandardCharsets.UTF_8), ts));
            String packPath = store.paths().relative(dir.resolve(PACK));
            List<ValidationResult> validations = new ArrayList<>();
            for (ValidationResult v : run.validations()) {
                if (!(CHECK_TYPE.equals(v.type()) || SCHEMA_TYPE.equals(v.type()) && packPath.equals(v.target()))) {
                    validations.add(v);
                }
            }
            validations.add(new ValidationResult(SCHEMA_TYPE, packPath, true, "error",
                    "valid against contracts/" + PackSchema.NAME + "; ids unique, every depends_on names an issue, no cycle"));
            for (Violation w : warnings) {
                validations.add(new ValidationResult(CHECK_TYPE, packPath + "#" + w.pointer(), false, "warning", w.message()));
            }
            RunRecord next = also.apply(run.withArtifacts(index).withValidations(validations)
                    .withEvent(ts, "ARTIFACTS_RECORDED", "Architecture pack recorded: " + PACK + ", " + SUMMARY + ", "
                            + DIAGRAM + " (" + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s") + ")", null, null));
            store.write(next);
            return next;
        }
    }

    /**
     * The model's text in the pack, scrubbed of PII and secrets before it is written and hashed (its SHA-256 is that
     * of what is on disk); ids, references and timestamps are left as they are.
     */
    private JsonNode scrubbed(JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode o) {
            for (String name : new ArrayList<>(o.propertyNames())) {
                JsonNode child = o.get(name);
                if (child.isString()) {
                    if (!(name.equals("id") || name.endsWith("_id") || name.endsWith("_at") || name.equals("depends_on"))) {
                        o.put(name, store.scrubText(child.asString()));
                    }
                } else {
                    scrubbed(child);
                }
            }
        } else if (node instanceof tools.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode child = a.get(i);
                if (child.isString()) {
                    a.set(i, a.stringNode(store.scrubText(child.asString())));
                } else {
                    scrubbed(child);
                }
            }
        }
        return node;
    }

    /** The pack, summary and diagram as the run's artifacts index holds them. */
    public List<IndexedArtifact> written(RunRecord run) {
        String dir = store.paths().relative(folder(run.runId())) + "/";
        return run.artifactsIndex().stream().filter(a -> a.path().startsWith(dir)
                && List.of(PACK, SUMMARY, DIAGRAM).contains(a.path().substring(dir.length()))).toList();
    }

    private IndexedArtifact put(Path file, byte[] bytes, String ts) {
        AtomicFiles.write(file, bytes);
        String rel = store.paths().relative(file);
        return new IndexedArtifact(rel, rel, Sha256.hex(bytes), (long) bytes.length, null, null, ts);
    }
}
