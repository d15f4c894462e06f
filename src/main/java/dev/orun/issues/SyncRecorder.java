package dev.orun.issues;

import dev.orun.run.IndexedArtifact;
import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A sync's committed trace: {@code record/artifacts/implementation_issue_state.json} and its summary, indexed in
 * RUN.json with an {@code ISSUES_SYNCED} or {@code ISSUES_SYNC_FAILED} event.
 */
final class SyncRecorder {
    private final RunStore store;
    private final String runId;
    private final Path jsonFile;
    private final Path mdFile;

    SyncRecorder(RunStore store, String runId) {
        this.store = store;
        this.runId = runId;
        Path dir = store.paths().recordDir(runId).resolve("artifacts");
        this.jsonFile = dir.resolve(IssueStateArtifacts.JSON_NAME);
        this.mdFile = dir.resolve(IssueStateArtifacts.SUMMARY_NAME);
    }

    /** Whether the artifacts on disk already say {@code results} and RUN.json indexes them as they are. */
    boolean upToDate(List<ItemResult> results) {
        return !githubStatesMoved(results) && indexed(jsonFile) && indexed(mdFile);
    }

    /** Writes both artifacts and records them, with the event, in RUN.json. */
    void write(SyncReport report, String now) {
        IssueStateArtifacts.State doc = IssueStateArtifacts.state(report, now);
        byte[] json = IssueStateArtifacts.json(doc, store.schemas());
        byte[] md = IssueStateArtifacts.summary(doc).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(jsonFile, json);
        AtomicFiles.write(mdFile, md);
        List<IndexedArtifact> index = List.of(indexed(jsonFile, json, now), indexed(mdFile, md, now));
        String error = report.error();
        String message = error == null
                ? String.format(Locale.ROOT, "Issues synced to %s: %d created, %d updated, %d unchanged",
                report.repository(), report.count(SyncStatus.CREATED), report.count(SyncStatus.UPDATED),
                report.count(SyncStatus.UNCHANGED))
                : "Issue sync to " + report.repository() + " failed: " + error;
        store.update(runId, run -> run.withArtifacts(index)
                .withEvent(now, error == null ? "ISSUES_SYNCED" : "ISSUES_SYNC_FAILED", message, null, null));
    }

    private IndexedArtifact indexed(Path file, byte[] content, String now) {
        String rel = store.paths().relative(file);
        return new IndexedArtifact(rel, rel, Sha256.hex(content), (long) content.length, null, null, now);
    }

    /**
     * Whether RUN.json indexes the file as it is on disk: a sync killed after writing the artifacts but before
     * RUN.json left them unrecorded, and the next sync must finish the record even when nothing else changed.
     */
    private boolean indexed(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            String sha = Sha256.hex(Files.readAllBytes(file));
            String rel = store.paths().relative(file);
            return store.read(runId).artifactsIndex().stream().anyMatch(a -> rel.equals(a.path()) && sha.equals(a.sha256()));
        } catch (IOException e) {
            return false;
        }
    }

    /** True when an issue was opened or closed on GitHub since the last artifact was written. */
    private boolean githubStatesMoved(List<ItemResult> now) {
        if (!Files.isRegularFile(jsonFile)) {
            return true;
        }
        try {
            JsonNode doc = Json.LENIENT.readTree(Files.readAllBytes(jsonFile));
            Map<String, String> before = new HashMap<>();
            for (JsonNode i : doc.path("issues")) {
                before.put(i.path("plan_item_id").asString(""), i.path("github_state").asString(null));
            }
            for (ItemResult r : now) {
                if (!before.containsKey(r.planItemId()) || !Objects.equals(before.get(r.planItemId()), r.githubState())) {
                    return true;
                }
            }
            return before.size() != now.size();
        } catch (IOException | RuntimeException e) {
            return true; // unreadable: rewrite it
        }
    }
}
