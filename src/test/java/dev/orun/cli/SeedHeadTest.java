package dev.orun.cli;

import dev.orun.gate.Checks;
import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed runner's repository as its users run it today ({@code ../shared/compat/esy-runner-head}), on a git copy
 * with no {@code orun init} and no edit: its workflow, its contracts' format, its run options, {client_component} in
 * its legacy records. Skipped, visibly, without ../shared.
 */
class SeedHeadTest {
    static final Path HEAD = Path.of("..", "shared", "compat", "esy-runner-head").toAbsolutePath().normalize();
    static final String SLUG = "the-geography-of-water-scarcity";
    static final String SILK = "run_20260209T201130538Z_silk_ulu4ey";

    static OrunCli headRepo(Path dir) {
        Assumptions.assumeTrue(Files.isDirectory(HEAD), HEAD + " is absent: the seed-head tests need ../shared beside the project");
        OrunCli.copyTree(HEAD, dir);
        OrunCli.git(dir, "init", "-q");
        OrunCli.git(dir, "add", "-A");
        OrunCli.git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "seed head");
        return new OrunCli(dir);
    }

    /**
     * Removes the validations whose type this build does not have yet (the validators' work), so the workflow, the
     * contract format and the run options are tested on their own. Once every type is there this changes nothing.
     */
    static void withoutTypesThisBuildLacks(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("orchestration/gates/contracts"))) {
            for (Path c : s.toList()) {
                ObjectNode tree = (ObjectNode) Json.LENIENT.readTree(Files.readAllBytes(c));
                ArrayNode kept = Json.LENIENT.createArrayNode();
                for (JsonNode v : tree.path("validations")) {
                    ObjectNode alone = tree.deepCopy();
                    alone.set("validations", Json.LENIENT.createArrayNode().add(v));
                    boolean known = Checks.TYPES.contains(v.path("type").asString());
                    if (known && problems(dir, alone).isEmpty()) {
                        kept.add(v);
                    }
                }
                tree.set("validations", kept);
                Files.writeString(c, Json.pretty(tree));
            }
        }
    }

    private static List<String> problems(Path dir, JsonNode contract) {
        var paths = new dev.orun.store.OrunPaths(dir, dir.resolve("orchestration/runs"));
        return new dev.orun.gate.ContractLoader(paths, new dev.orun.schema.SchemaValidator()).problems(contract);
    }

    static JsonNode runJson(Path dir, String runId) throws IOException {
        return Json.LENIENT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + runId + "/record/RUN.json")));
    }

    static String newestRun(Path dir, String slugPart) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("orchestration/runs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run_2026") && n.contains(slugPart))
                    .filter(n -> !n.startsWith("run_202602")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    // ---- the workflow and the run options

    @Test
    void pipeline_on_the_seed_creates_a_run_of_18_gates_and_pauses_at_G1(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        OrunCli.Result r = cli.run("run", "visual-essay", "--slug", SLUG, "--depth", "deep", "--no-input").assertExit(10);
        assertTrue(r.out().contains("PAUSED") && r.out().contains("at gate G1"), r.describe());
        JsonNode run = runJson(dir, newestRun(dir, SLUG));
        assertEquals(18, run.path("gates").size(), r.describe());
        assertEquals("G4.1", run.path("gates").get(4).path("gate").asString());
        assertEquals("src/app/essays/" + SLUG, run.path("workflow").path("artifact_path").asString(), "derived from the slug as cli.js does");
        assertEquals("RUNNING", run.path("gates").get(0).path("status").asString());
        assertEquals("PAUSED", run.path("status").asString());
        assertFalse(run.path("workflow").has("variant"), "no variant field when none was given: " + run);
    }

    @Test
    void start_from_checks_each_earlier_gate_as_it_stands_and_records_it(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        OrunCli.Result r = cli.run("run", "visual-essay", "--slug", SLUG, "--depth", "deep", "--no-input", "--start-from", "G3")
                .assertExit(10);
        assertTrue(r.out().contains("G1 Intake Approval  checked as its outputs stand (--start-from G3)"), r.describe());
        String id = newestRun(dir, SLUG);
        JsonNode run = runJson(dir, id);
        for (int i = 0; i < 2; i++) {
            JsonNode g = run.path("gates").get(i);
            assertEquals("PASS", g.path("status").asString(), g.toString());
            assertEquals(1, g.path("attempts").size());
            assertTrue(g.path("attempts").get(0).path("artifacts").size() > 0, "the outputs it found are hashed: " + g);
            assertTrue(Files.isRegularFile(dir.resolve("orchestration/runs/" + id + "/record/gates/" + g.path("gate").asString() + "/attempt-1.json")));
        }
        assertEquals("G3", run.path("gates").get(2).path("gate").asString());
        assertEquals("RUNNING", run.path("gates").get(2).path("status").asString(), "paused at G3 for a person");
    }

    @Test
    void start_from_stops_the_run_failed_at_an_earlier_gate_that_does_not_pass(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        Files.delete(dir.resolve("src/app/essays/" + SLUG + "/G1-INTAKE.md"));
        OrunCli.Result r = cli.run("run", "visual-essay", "--slug", SLUG, "--depth", "deep", "--no-input", "--start-from", "G3")
                .assertExit(1);
        assertTrue(r.out().contains("FAILED") && r.out().contains("at gate G1"), r.describe());
        JsonNode run = runJson(dir, newestRun(dir, SLUG));
        assertEquals("FAILED", run.path("status").asString());
        assertEquals("NOT_STARTED", run.path("gates").get(1).path("status").asString(), "nothing after the failed gate is touched");
    }

    @Test
    void start_from_an_unknown_gate_is_a_usage_error_and_creates_no_run(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        OrunCli.Result r = cli.run("run", "visual-essay", "--slug", SLUG, "--no-input", "--start-from", "G99").assertExit(2);
        assertTrue(r.err().contains("--start-from G99 is not a gate of workflow visual-essay: use one of [G1, G2, G3, G4, G4.1"), r.describe());
        try (Stream<Path> s = Files.list(dir.resolve("orchestration/runs"))) {
            assertEquals(6, s.filter(p -> p.getFileName().toString().startsWith("run_")).count(), "only the six legacy runs");
        }
    }

    @Test
    void variant_derives_slug_v_variant_and_records_the_build_model(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        String id = cli.run("run", "start", "--workflow", "visual-essay", "--slug", "silk", "--variant", "claude-opus-4-6",
                "--build-model", "claude-opus-4.6").assertExit(0).lastLine();
        assertTrue(id.contains("_silk--claude-opus-4-6_"), "the run id carries the variant, as the seed's: " + id);
        JsonNode wf = runJson(dir, id).path("workflow");
        assertEquals("src/app/essays/silk/v/claude-opus-4-6", wf.path("artifact_path").asString());
        assertEquals("claude-opus-4-6", wf.path("variant").asString());
        assertEquals("claude-opus-4.6", wf.path("build_model").asString());
        assertTrue(cli.run("run", "show", id).assertExit(0).out().contains("variant   claude-opus-4-6  build model claude-opus-4.6"));
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void variant_of_an_essay_that_does_not_exist_is_a_usage_error(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        OrunCli.Result r = cli.run("run", "start", "--workflow", "visual-essay", "--slug", "no-such-essay", "--variant", "m1").assertExit(2);
        assertTrue(r.err().contains("the canonical essay src/app/essays/no-such-essay does not exist; pass --artifact-path P"), r.describe());
        OrunCli.Result bad = cli.run("run", "start", "--workflow", "visual-essay", "--slug", "silk", "--variant", "../up").assertExit(2);
        assertTrue(bad.err().contains("--variant '../up' cannot name a folder"), bad.describe());
    }

    // ---- the contract format

    @Test
    void contracts_check_on_the_seed_leaves_only_validation_types_and_fields_this_build_lacks(@TempDir Path dir) {
        OrunCli cli = headRepo(dir);
        OrunCli.Result r = cli.run("contracts", "check");
        assertTrue(r.out().contains("checked 1 workflow and 18 contracts"), r.describe());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        for (String e : errors) {
            assertTrue(e.matches("error: orchestration/gates/contracts/G[0-9.]+\\.contract\\.json /validations/\\d+(/type: unknown validation type|/[a-z_]+: unknown field).*"),
                    "only the validators' part may remain: " + e + r.describe());
        }
        assertFalse(r.err().contains("more)"), "every problem is listed" + r.describe());
        assertEquals(errors.isEmpty() ? 0 : 4, r.exit(), r.describe());
    }

    @Test
    void contracts_check_passes_on_the_seed_with_the_validations_this_build_has(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        OrunCli.Result r = cli.run("contracts", "check").assertExit(0);
        assertTrue(r.out().contains("checked 1 workflow and 18 contracts: 0 problems"), r.describe());
    }

    // ---- {client_component} in legacy records

    @Test
    void verify_agrees_with_sha256_on_every_artifact_of_every_legacy_run(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        Map<Path, byte[]> before = records(dir);
        OrunCli.Result r = cli.run("run", "verify", "--all", "--json");
        JsonNode reports = Json.LENIENT.readTree(r.out());
        int checked = 0;
        for (JsonNode report : reports) {
            assertTrue(report.path("legacy").asBoolean(), report.toString());
            for (JsonNode f : report.path("findings")) {
                if (!f.path("check").asString().equals("artifact")) {
                    continue;
                }
                String path = f.path("path").asString();
                assertFalse(path.contains("{"), "every template resolves: " + f);
                Path file = dir.resolve(path);
                if (Files.isRegularFile(file)) {
                    assertNotEquals("MISSING", f.path("status").asString(), "the file is there: " + f);
                    String sha = Sha256.hex(Files.readAllBytes(file));
                    assertTrue(f.path("message").asString().startsWith(sha) || f.path("message").asString().startsWith("sha256 is " + sha),
                            "verify's hash is the file's SHA-256 " + sha + ": " + f);
                    checked++;
                } else {
                    assertEquals("MISSING", f.path("status").asString(), f.toString());
                }
            }
        }
        assertTrue(checked >= 50, "hashed " + checked + " files" + r.describe());
        // Every index entry of every legacy run, as the record and sha256sum see it, is reported with that status.
        int entries = 0;
        for (JsonNode report : reports) {
            String runId = report.path("run_id").asString();
            List<String> expected = new ArrayList<>();
            for (JsonNode a : runJson(dir, runId).path("artifacts_index")) {
                String path = legacyPath(dir, runJson(dir, runId), a.path("path").asString());
                Path file = dir.resolve(path);
                String status = !Files.isRegularFile(file) ? "MISSING"
                        : sha256sum(dir, path).equals(a.path("sha256").asString()) ? "OK" : "MODIFIED";
                expected.add(status + " " + path);
                entries++;
            }
            List<String> reported = new ArrayList<>();
            for (JsonNode f : report.path("findings")) {
                if (f.path("check").asString().equals("artifact")) {
                    reported.add(f.path("status").asString() + " " + f.path("path").asString());
                }
            }
            assertEquals(expected.stream().sorted().toList(), reported.stream().sorted().toList(), runId);
        }
        assertEquals(60, entries, "the six legacy runs index 60 artifacts");
        String silk = reports.toString();
        assertTrue(silk.contains("src/app/essays/silk/SilkClient.tsx"), "{client_component} of silk is its SilkClient.tsx");
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), "a legacy record is never rewritten: " + e.getKey());
        }
    }

    @Test
    void verify_finds_silks_client_component_and_run_show_names_it(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        byte[] record = Files.readAllBytes(dir.resolve("orchestration/runs/" + SILK + "/record/RUN.json"));
        OrunCli.Result v = cli.run("run", "verify", "--run", SILK).assertExit(0);
        assertTrue(v.out().contains("OK       artifact src/app/essays/silk/SilkClient.tsx"), v.describe());
        OrunCli.Result show = cli.run("run", "show", SILK).assertExit(0);
        assertTrue(show.out().contains("src/app/essays/silk/SilkClient.tsx"), show.describe());
        assertFalse(show.out().contains("{client_component}"), show.describe());
        assertArrayEquals(record, Files.readAllBytes(dir.resolve("orchestration/runs/" + SILK + "/record/RUN.json")));
    }

    /** An index template as the seed resolves it: {artifact_path}, {slug}, and {client_component} (the folder's *Client.tsx). */
    static String legacyPath(Path dir, JsonNode run, String template) throws IOException {
        String artifactPath = run.path("workflow").path("artifact_path").asString();
        String path = template.replace("{artifact_path}", artifactPath).replace("{slug}", run.path("workflow").path("slug").asString());
        if (path.contains("{client_component}")) {
            try (Stream<Path> s = Files.list(dir.resolve(artifactPath))) {
                List<String> clients = s.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*Client\\.(tsx|jsx)")).toList();
                assertEquals(1, clients.size(), "one client component in " + artifactPath + ": " + clients);
                path = path.replace("{client_component}", artifactPath + "/" + clients.get(0));
            }
        }
        assertFalse(path.contains("{"), "the test resolves every template: " + template);
        return path;
    }

    /** The SHA-256 that the sha256sum tool prints for a repository file. */
    static String sha256sum(Path dir, String path) {
        return OrunCli.exec(dir, "sha256sum", "--", path).split(" ")[0];
    }

    private static Map<Path, byte[]> records(Path dir) throws IOException {
        Map<Path, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir.resolve("orchestration/runs"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(p, Files.readAllBytes(p));
            }
        }
        return out;
    }

    // ---- G9's pre-script, the seed's register-essay.mjs

    @Test
    void g9_pre_script_registers_the_essay_before_validation(@TempDir Path dir) throws IOException {
        OrunCli cli = headRepo(dir);
        withoutTypesThisBuildLacks(dir);
        Assumptions.assumeTrue(onPath("node"), "node is not on PATH: G9's pre-script needs it");
        Path registry = dir.resolve("src/data/visualEssays.ts");
        String before = Files.readString(registry);
        String slug = SLUG;
        assertFalse(before.contains("/essays/" + slug + "\""), slug + " is not registered yet");
        String id = cli.run("run", "start", "--workflow", "visual-essay", "--slug", slug).assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G9").assertExit(0);
        OrunCli.Result r = cli.run("gate", "finish", "--run", id, "--gate", "G9");
        JsonNode attempt = Json.LENIENT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/gates/G9/attempt-1.json")));
        JsonNode first = attempt.path("validations").get(0);
        assertEquals("pre_script", first.path("type").asString(), attempt.toString());
        assertEquals("scripts/register-essay.mjs", first.path("target").asString());
        assertTrue(first.path("pass").asBoolean(), first + r.describe());
        assertNotEquals(before, Files.readString(registry), "the pre-script edited the registry");
        assertTrue(Files.readString(registry).contains("href: \"/essays/" + slug + "\""), "registered");
        Path log = dir.resolve(first.path("message").asString().replaceAll(".*\\(output: ([^)]+)\\).*", "$1"));
        assertTrue(Files.isRegularFile(log) && log.startsWith(dir.resolve("orchestration/runs/" + id + "/logs")), "output in the run's logs/: " + log);
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = path == null ? List.of() : new ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
        return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
