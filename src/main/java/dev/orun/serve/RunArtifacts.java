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
import tools.jackson.databind.node.ObjectNode;

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
        String name = fileName(up.name(), up.contentType());
        Path file = resolve(runId, name);
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
        if (name.equals(PackArtifacts.PACK) && "application/json".equals(up.contentType())) {
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

    /**
     * An artifact's metadata (the seed's shape) and its content, JSON parsed and text as a string. {@code name} is
     * the seed's name (the file under {@code record/artifacts/} without its extension: {@code architecture_pack}), the
     * file's name there, or the repository-relative path of another output the run's artifacts index lists.
     */
    Map<String, Object> fetch(String runId, JsonNode runTree, String name) {
        String prefix = store.paths().relative(store.paths().recordDir(runId).resolve("artifacts")) + "/";
        List<String> candidates = new java.util.ArrayList<>();
        candidates.add(name);
        if (SeedRuns.stripExtension(name).equals(name)) {
            for (String ext : List.of(".json", ".md", ".txt", ".mmd")) {
                candidates.add(name + ext);
            }
        }
        Path file = null;
        String rel = null;
        JsonNode entry = null;
        for (String c : candidates) {
            Path f = resolve(runId, c);
            String r = store.paths().relative(f);
            JsonNode e = indexEntry(runTree, r);
            if (e != null && Files.isRegularFile(f)) {
                file = f;
                rel = r;
                entry = e;
                break;
            }
        }
        if (entry == null) {
            // another output of the run, by the repository-relative path its index entry gives
            JsonNode e = indexEntry(runTree, name);
            if (e != null && !name.startsWith(prefix)) {
                Path f = store.paths().root().resolve(name).normalize();
                if (f.startsWith(store.paths().root()) && Files.isRegularFile(f)) {
                    file = f;
                    rel = name;
                    entry = e;
                }
            }
        }
        if (entry == null) {
            throw ApiException.notFound("run " + runId + " has no artifact '" + name + "': upload it with POST /runs/"
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
        ObjectNode meta = SeedRuns.artifact(prefix, rel, entry, runTree.path("started_at").asString(""));
        Object payload = null;
        if (meta.path("content_type").asString().equals("application/json")) {
            try {
                payload = Json.LENIENT.readTree(bytes);
            } catch (RuntimeException e) {
                meta.put("content_type", "text/plain");
            }
        }
        if (payload == null) {
            payload = new String(bytes, StandardCharsets.UTF_8);
        }
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("artifact", meta);
        doc.put("payload", payload);
        return doc;
    }

    /** The run's latest index entry for a repository-relative path, or null. */
    private static JsonNode indexEntry(JsonNode runTree, String rel) {
        JsonNode entry = null;
        for (JsonNode a : runTree.path("artifacts_index")) {
            if (rel.equals(a.path("path").asString("")) || rel.equals(a.path("resolved_path").asString(""))) {
                entry = a;
            }
        }
        return entry;
    }

    /** The seed's metadata for an index entry this class wrote. */
    ObjectNode seedMeta(String runId, IndexedArtifact entry) {
        String prefix = store.paths().relative(store.paths().recordDir(runId).resolve("artifacts")) + "/";
        String file = entry.resolvedPath() != null ? entry.resolvedPath() : entry.path();
        return SeedRuns.artifact(prefix, file, Json.STRICT.valueToTree(entry), entry.recordedAt());
    }

    /** The file name of an upload: the seed's names have no extension ({@code architecture_pack}); its type gives one. */
    static String fileName(String name, String contentType) {
        if (!SeedRuns.stripExtension(name).equals(name)) {
            return name;
        }
        return name + switch (contentType) {
            case "application/json" -> ".json";
            case "text/markdown" -> ".md";
            default -> ".txt";
        };
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
