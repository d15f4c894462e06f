package dev.orun.plan;

import dev.orun.cli.OrunCli;
import dev.orun.run.RunRecord;
import dev.orun.schema.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared steps of the plan tests: a repository holding the example PRD, reading a run back, searching files. */
final class PlanTestSupport {
    static final Path EXAMPLE_PRD = Path.of("docs/example-prd.md");

    private PlanTestSupport() {
    }

    static OrunCli repoWithExamplePrd(Path dir) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        Files.createDirectories(dir.resolve("docs"));
        Files.copy(EXAMPLE_PRD, dir.resolve("docs/example-prd.md"));
        return cli;
    }

    static Path runDir(Path repo, String runId) {
        return repo.resolve("orchestration/runs").resolve(runId);
    }

    static RunRecord record(Path repo, String runId) {
        try {
            return Json.STRICT.readValue(Files.readString(runDir(repo, runId).resolve("record/RUN.json")), RunRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return Json.LENIENT.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only run in the repository. */
    static String onlyRun(Path repo) {
        try (Stream<Path> s = Files.list(repo.resolve("orchestration/runs"))) {
            List<String> ids = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run_")).toList();
            if (ids.size() != 1) {
                throw new AssertionError("expected one run, found " + ids);
            }
            return ids.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under {@code dir} whose text contains {@code secret}. */
    static List<Path> filesContaining(Path dir, String secret) {
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(secret)) {
                    hits.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }
}
