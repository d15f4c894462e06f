package dev.orun.plan;

import dev.orun.cli.OrunCli;
import dev.orun.cli.Shared;
import dev.orun.run.RunRecord;
import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.orun.plan.PlanTestSupport.json;
import static dev.orun.plan.PlanTestSupport.record;
import static dev.orun.plan.PlanTestSupport.runDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orun plan import}: the seed's sample pack is accepted unchanged; broken plans are refused naming the id. */
class PlanImportTest {
    static final Path SEED_SAMPLE = Shared.compat("wspass/architecture_pack.sample.json");
    /** A byte-for-byte copy of the seed's sample pack, bundled so that a clone without ../shared runs these tests. */
    static final Path SAMPLE = bundled("/issues/seed-sample-pack.json");

    static Path bundled(String resource) {
        try {
            return Path.of(PlanImportTest.class.getResource(resource).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TempDir
    Path dir;

    private OrunCli cli;
    private String runId;

    private void repoWithRun() {
        cli = OrunCli.initialisedRepo(dir);
        runId = cli.run("run", "start", "--workflow", "hello", "--slug", "pack", "--artifact-path", "out/a").assertExit(0).lastLine();
    }

    private Path writePack(ObjectNode pack) throws Exception {
        Path file = dir.resolve("pack.json");
        Files.writeString(file, Json.pretty(pack));
        return file;
    }

    private static ObjectNode sample() {
        return (ObjectNode) json(SAMPLE);
    }

    @Test
    void the_bundled_sample_is_the_seeds_file_byte_for_byte() throws Exception {
        assertArrayEquals(Files.readAllBytes(Shared.require(SEED_SAMPLE)), Files.readAllBytes(SAMPLE));
    }

    @Test
    void orun_schema_accepts_the_seed_sample_unchanged() {
        assertEquals(List.of(), new SchemaValidator().validate(PackSchema.NAME, json(SAMPLE)));
    }

    @Test
    void the_seed_schema_accepts_the_seed_sample_unchanged() {
        Path seedSchema = Shared.require(Shared.compat("wspass/architecture_pack.schema.json"));
        assertEquals(List.of(), new SchemaValidator().validateAgainstFile(seedSchema, json(SAMPLE)));
    }

    @Test
    void both_schemas_refuse_a_sample_that_breaks_the_seeds_shape() {
        ObjectNode broken = sample();
        broken.put("pack_version", "9.9");
        Path seedSchema = Shared.require(Shared.compat("wspass/architecture_pack.schema.json"));
        assertFalse(new SchemaValidator().validateAgainstFile(seedSchema, broken).isEmpty(), "the seed's schema");
        assertFalse(new SchemaValidator().validate(PackSchema.NAME, broken).isEmpty(), "orun's schema");
    }

    @Test
    void the_seed_sample_imports_with_summary_diagram_and_hashes() throws Exception {
        repoWithRun();
        Files.copy(SAMPLE, dir.resolve("sample.json"));

        OrunCli.Result r = cli.run("plan", "import", "--run", runId, "sample.json").assertExit(0);

        assertTrue(r.out().startsWith(runId + " RUNNING"), r.describe());
        Path artifacts = runDir(dir, runId).resolve("record/artifacts");
        assertEquals(json(SAMPLE), json(artifacts.resolve("architecture_pack.json")));
        String diagram = Files.readString(artifacts.resolve("architecture_pack_diagram.mmd"));
        assertEquals("""
                flowchart LR
                  c_pass_web["pass-web<br/>web"]
                  c_pass_router["pass-router<br/>web"]
                  c_pass_slide_content["pass-slide-content<br/>object_storage"]
                  c_pass_media_assets["pass-media-assets<br/>object_storage"]
                  c_pass_slide_content -->|"build: Compiles local JSON/MDX into the static site bundle"| c_pass_web
                  c_pass_web -->|"serve: Hydrates client-side slide navigation state"| c_pass_router
                  c_pass_router -->|"read: Loads public media assets referenced by slides"| c_pass_media_assets
                """, diagram);
        assertTrue(Files.readString(artifacts.resolve("architecture_pack_summary.md")).startsWith("# Architecture pack: Static presentation app\n"));
        RunRecord run = record(dir, runId);
        assertEquals(3, run.artifactsIndex().size());
        run.artifactsIndex().forEach(a -> assertEquals(sha(dir.resolve(a.resolvedPath())), a.sha256()));
        assertTrue(run.validations().stream().noneMatch(v -> v.isWarning()), run.validations().toString());
        assertTrue(run.events().stream().anyMatch(e -> e.type().equals("ARTIFACTS_RECORDED")));
    }

    @Test
    void an_orun_run_id_is_accepted_as_run_id() throws Exception {
        repoWithRun();
        ObjectNode pack = sample();
        pack.put("run_id", runId);
        ((ObjectNode) pack.get("tool")).put("name", "orun");

        cli.run("plan", "import", "--run", runId, writePack(pack).toString()).assertExit(0);
    }

    @Test
    void a_dangling_depends_on_is_refused_naming_the_id_and_nothing_is_written() throws Exception {
        repoWithRun();
        ObjectNode pack = sample();
        ((ArrayNode) pack.at("/implementation/github_issue_plan/1/depends_on")).add("issue_static_9");

        OrunCli.Result r = cli.run("plan", "import", "--run", runId, writePack(pack).toString()).assertExit(4);

        assertEquals("orun: " + dir.resolve("pack.json") + " /implementation/github_issue_plan/1/depends_on/1: issue issue_static_2 "
                + "depends on 'issue_static_9', which names no issue in the plan: use one of [issue_static_1, issue_static_2]: "
                + "fix the pack; nothing was written to record/artifacts/\n", r.err());
        assertFalse(Files.exists(runDir(dir, runId).resolve("record/artifacts")));
        assertTrue(record(dir, runId).artifactsIndex().isEmpty());
    }

    @Test
    void a_dependency_cycle_is_refused_naming_the_ids() throws Exception {
        repoWithRun();
        ObjectNode pack = sample();
        ((ArrayNode) pack.at("/implementation/github_issue_plan/0/depends_on")).add("issue_static_2");

        OrunCli.Result r = cli.run("plan", "import", "--run", runId, writePack(pack).toString()).assertExit(4);

        assertTrue(r.err().contains("/implementation/github_issue_plan/0/depends_on: dependency cycle issue_static_1 -> "
                + "issue_static_2 -> issue_static_1: remove one of these depends_on entries"), r.describe());
        assertFalse(Files.exists(runDir(dir, runId).resolve("record/artifacts")));
    }

    @Test
    void duplicate_ids_are_refused() throws Exception {
        repoWithRun();
        ObjectNode pack = sample();
        ((ObjectNode) pack.at("/requirements/1")).put("id", "req_static_1");

        OrunCli.Result r = cli.run("plan", "import", "--run", runId, writePack(pack).toString()).assertExit(4);

        assertTrue(r.err().contains("/requirements/1/id: duplicate id 'req_static_1' (also at /requirements/0)"), r.describe());
    }

    @Test
    void a_schema_break_is_refused_with_its_pointer() throws Exception {
        repoWithRun();
        ObjectNode pack = sample();
        ((ObjectNode) pack.at("/architecture/components/0")).put("type", "frontend");

        OrunCli.Result r = cli.run("plan", "import", "--run", runId, writePack(pack).toString()).assertExit(4);

        assertTrue(r.err().contains(" /architecture/components/0/type: "), r.describe());
    }

    @Test
    void warnings_are_recorded_in_validations_and_listed_in_the_summary() throws Exception {
        repoWithRun();
        ObjectNode pack = sample();
        ((ArrayNode) pack.get("coverage")).remove(1);
        ((ObjectNode) pack.at("/trace/0")).put("requirement_id", "req_gone");
        ((ObjectNode) pack.at("/architecture/relationships/2")).put("to", "pass-cdn");

        OrunCli.Result r = cli.run("plan", "import", "--run", runId, writePack(pack).toString()).assertExit(0);

        List<String> warnings = record(dir, runId).validations().stream().filter(v -> v.isWarning()).map(v -> v.target() + " " + v.message()).toList();
        String packPath = "orchestration/runs/" + runId + "/record/artifacts/architecture_pack.json";
        assertEquals(List.of(
                packPath + "#/trace/0/requirement_id trace entry names 'req_gone', which is no requirement",
                packPath + "#/requirements/1 requirement req_static_2 is left out of coverage",
                packPath + "#/architecture/relationships/2/to relationship to 'pass-cdn' names no component"), warnings);
        assertTrue(r.out().contains("warning /requirements/1: requirement req_static_2 is left out of coverage"), r.describe());
        String summary = Files.readString(runDir(dir, runId).resolve("record/artifacts/architecture_pack_summary.md"));
        assertTrue(summary.contains("- `/architecture/relationships/2/to`: relationship to 'pass-cdn' names no component"), summary);
        String diagram = Files.readString(runDir(dir, runId).resolve("record/artifacts/architecture_pack_diagram.mmd"));
        assertTrue(diagram.contains("%% skipped, names no component: pass-router -> pass-cdn"), diagram);
    }

    @Test
    void an_unknown_run_is_not_found() throws Exception {
        cli = OrunCli.initialisedRepo(dir);
        Files.copy(SAMPLE, dir.resolve("sample.json"));

        cli.run("plan", "import", "--run", "nosuchrun", "sample.json").assertExit(3);
    }

    private static String sha(Path p) {
        try {
            return Sha256.file(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
