package dev.orun.serve;

import dev.orun.plan.PackArtifacts;
import dev.orun.plan.PlanService;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.RunRecord;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.store.AtomicFiles;
import dev.orun.store.PlainFiles;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Artifacts uploaded to a run: written atomically under its {@code record/artifacts/}, SHA-256 in the artifacts
 * index and an event in the chain, in one locked update. An architecture pack goes through {@code plan import}
 * (its schema and checks, summary and diagram), as the CLI would.
 */
final class RunArtifacts {
    static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "text/markdown");

    private final RunStore store;
    private final Clock clock;
    private final Supplier<PlanService> plans;

    RunArtifacts(RunStore store, Clock clock, Supplier<PlanService> plans) {
        this.store = store;
        this.clock = clock;
        this.plans = plans;
    }

    /** What was uploaded, as the seed sends it: a name, a content type and the payload (JSON, or text). */
    record Upload(String name, String contentType, JsonNode payload) {
    }

    IndexedArtifact upload(String runId, Upload up) {
        Path file = resolve(runId, up.name());
        byte[] bytes;
        if ("application/json".equals(up.contentType())) {
            bytes = Json.prettyBytes(up.payload());
        } else {
            if (!up.payload().isString()) {
                throw ApiException.badRequest("body /payload: must be a string for " + up.contentType()
                        + " artifacts: send the text as a JSON string, or use content_type application/json", "/payload");
            }
            bytes = up.payload().asString().getBytes(StandardCharsets.UTF_8);
        }
        String rel = store.paths().relative(file);
        if (up.name().equals(PackArtifacts.PACK) && "application/json".equals(up.contentType())) {
            return importPack(runId, bytes, rel);
        }
        try (RunLock ignored = store.lock(runId)) {
            RunRecord run = store.read(runId);
            String ts = Times.iso(clock.instant());
            AtomicFiles.write(file, bytes);
            IndexedArtifact entry = new IndexedArtifact(rel, rel, Sha256.hex(bytes), (long) bytes.length, null, null, ts);
            store.write(run.withArtifacts(List.of(entry)).withEvent(ts, "ARTIFACTS_RECORDED", "Artifact " + rel
                    + " uploaded (" + bytes.length + " bytes, " + up.contentType() + ")", null, null));
            return entry;
        }
    }

    /** The pack is written to the run's logs first, then imported (validated) from there. */
    private IndexedArtifact importPack(String runId, byte[] bytes, String rel) {
        Path staged = store.paths().logsDir(runId).resolve("serve").resolve("upload-" + PackArtifacts.PACK);
        AtomicFiles.write(staged, bytes);
        try {
            RunRecord after = plans.get().importPack(runId, staged, "uploaded " + PackArtifacts.PACK).run();
            return after.artifactsIndex().stream().filter(a -> a.path().equals(rel)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("plan import did not index " + rel));
        } finally {
            PlainFiles.deleteQuietly(staged); // a staged copy left in logs/ is harmless
        }
    }

    /** An artifact's index entry and its content: JSON parsed, text as a string. */
    Map<String, Object> fetch(String runId, JsonNode runTree, String name) {
        Path file = resolve(runId, name);
        String rel = store.paths().relative(file);
        JsonNode entry = null;
        for (JsonNode a : runTree.path("artifacts_index")) {
            if (rel.equals(a.path("path").asString("")) || rel.equals(a.path("resolved_path").asString(""))) {
                entry = a;
            }
        }
        if (entry == null || !Files.isRegularFile(file)) {
            throw ApiException.notFound("run " + runId + " has no artifact " + rel + ": upload it with POST /runs/"
                    + runId + "/artifacts, or see the run's artifacts with GET /runs/" + runId);
        }
        if (!store.paths().checkInside(file)) {
            throw ApiException.badRequest("artifact " + rel + " is a symlink that leaves the repository: refused", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rel + ": " + e.getMessage(), e);
        }
        String type = contentType(name);
        Object payload;
        if (type.equals("application/json")) {
            try {
                payload = Json.LENIENT.readTree(bytes);
            } catch (RuntimeException e) {
                type = "text/plain";
                payload = new String(bytes, StandardCharsets.UTF_8);
            }
        } else {
            payload = new String(bytes, StandardCharsets.UTF_8);
        }
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("artifact", artifactJson(entry));
        doc.put("content_type", type);
        doc.put("payload", payload);
        return doc;
    }

    /** The index entry in the API's shape (every field present). */
    static Map<String, Object> artifactJson(JsonNode a) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("path", a.path("path").asString(""));
        m.put("resolved_path", a.path("resolved_path").isString() ? a.path("resolved_path").asString() : null);
        m.put("sha256", a.path("sha256").asString(""));
        m.put("bytes", a.path("bytes").isNumber() ? a.path("bytes").asLong() : null);
        m.put("gate", a.path("gate").isString() ? a.path("gate").asString() : null);
        m.put("attempt", a.path("attempt").isNumber() ? a.path("attempt").asInt() : null);
        m.put("recorded_at", a.path("recorded_at").isString() ? a.path("recorded_at").asString() : null);
        return m;
    }

    static String contentType(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".json")) {
            return "application/json";
        }
        return n.endsWith(".md") || n.endsWith(".markdown") ? "text/markdown" : "text/plain";
    }

    /**
     * The file for an artifact name under the run's {@code record/artifacts/}: relative segments of letters,
     * digits, '.', '_' and '-', no '.' or '..' segment, no absolute path; a symlinked folder that leads out is refused.
     */
    Path resolve(String runId, String name) {
        Path base = store.paths().recordDir(runId).resolve("artifacts");
        String why = null;
        if (name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
            why = "is absolute or holds a backslash";
        } else {
            for (String seg : name.split("/", -1)) {
                if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                    why = "has an empty, '.' or '..' segment";
                    break;
                }
                if (!seg.matches("[A-Za-z0-9._-]+")) {
                    why = "has a segment with characters other than letters, digits, '.', '_' and '-'";
                    break;
                }
            }
        }
        Path file = base.resolve(name).normalize();
        if (why == null && !file.startsWith(base)) {
            why = "leaves the folder";
        }
        if (why == null) {
            for (Path p = file.getParent(); p != null && p.startsWith(store.paths().root()); p = p.getParent()) {
                if (Files.isSymbolicLink(p) || (p.equals(base) && Files.exists(p) && !store.paths().checkInside(p))) {
                    why = "goes through a symlink";
                    break;
                }
                if (p.equals(store.paths().root())) {
                    break;
                }
            }
        }
        if (why != null) {
            throw ApiException.badRequest("artifact name '" + name + "' " + why + ": it must stay inside the run's "
                    + "record/artifacts/; use a relative name like architecture_pack.json or notes/summary.md", "/name");
        }
        return file;
    }
}
