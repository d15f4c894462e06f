package dev.orun.gate;

import dev.orun.cli.OrunCli;
import dev.orun.cli.Shared;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.orun.gate.ValidationTypesTest.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run verify, contracts check, JUnit XML and GitHub Actions output; and the seed's compat slice. */
class VerifyAndCiTest {
    static final Path SEED = Shared.compat("esy-runner");
    static final String TYPO = "run_20260121T145214945Z_the-word-slang-typographic_ra3ksn";

    static GateFixture passedGate(Path dir) {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\", \"{artifact_path}/b.md\"]",
                "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/a.md\", \"pattern\": \"TODO\", \"severity\": \"warning\"}]");
        f.write("out/demo/a.md", "alpha TODO\n");
        f.write("out/demo/b.md", "beta\n");
        f.start("standard");
        f.finish().assertExit(0);
        return f;
    }

    @Test
    void verify_is_clean_on_an_untouched_run(@TempDir Path dir) {
        GateFixture f = passedGate(dir);
        OrunCli.Result r = f.cli.run("run", "verify", "--run", f.runId).assertExit(0);
        contains(r, "OK       artifact out/demo/a.md");
        contains(r, "hash chain intact");
        contains(r, "verified 1 run: no problems");
    }

    @Test
    void verify_reports_a_changed_output_modified_and_a_deleted_one_missing(@TempDir Path dir) throws Exception {
        GateFixture f = passedGate(dir);
        Files.writeString(dir.resolve("out/demo/a.md"), "alpha changed\n");
        Files.delete(dir.resolve("out/demo/b.md"));
        OrunCli.Result r = f.cli.run("run", "verify", "--all").assertExit(1);
        contains(r, "MODIFIED artifact out/demo/a.md  sha256 is ");
        contains(r, "MISSING  artifact out/demo/b.md");
    }

    @Test
    void verify_catches_a_hand_edited_event(@TempDir Path dir) throws Exception {
        GateFixture f = passedGate(dir);
        Path runJson = dir.resolve("orchestration/runs/" + f.runId + "/record/RUN.json");
        Files.writeString(runJson, Files.readString(runJson).replace("Gate G1 passed on attempt 1", "Gate G1 passed on attempt 1 (approved)"));
        contains(f.cli.run("run", "verify", "--run", f.runId).assertExit(1), "/events/2/sha256: event content changed after it was recorded (GATE_PASSED)");
    }

    @Test
    void verify_catches_a_swapped_attempt_file_and_an_edited_copy_in_run_json(@TempDir Path dir) throws Exception {
        GateFixture f = passedGate(dir);
        Path attempt = dir.resolve("orchestration/runs/" + f.runId + "/record/gates/G1/attempt-1.json");
        String original = Files.readString(attempt);
        Files.writeString(attempt, original.replace("\"status\": \"PASS\"", "\"status\": \"FAIL\""));
        contains(f.cli.run("run", "verify", "--run", f.runId).assertExit(1), "MODIFIED attempt  orchestration/runs/" + f.runId
                + "/record/gates/G1/attempt-1.json  sha256 is ");
        Files.writeString(attempt, original);
        Path runJson = dir.resolve("orchestration/runs/" + f.runId + "/record/RUN.json");
        Files.writeString(runJson, Files.readString(runJson).replace("\"agent\": \"tester\"", "\"agent\": \"someone-else\""));
        contains(f.cli.run("run", "verify", "--run", f.runId).assertExit(1), "RUN.json's copy of gate G1 attempt 1 differs from the attempt file");
    }

    @Test
    void junit_xml_parses_and_counts_failures(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]",
                "[{\"type\": \"min_words\", \"target\": \"{artifact_path}/a.md\", \"min\": 5}, {\"type\": \"matches\", \"target\": \"{artifact_path}/a.md\", \"pattern\": \"<&>\", \"severity\": \"warning\"}]");
        f.write("out/demo/a.md", "two words\n");
        f.start("standard");
        f.cli.run("gate", "finish", "--run", f.runId, "--gate", "G1", "--junit-xml", "reports/g1.xml").assertExit(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("reports/g1.xml").toFile());
        var suite = (org.w3c.dom.Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        var failure = (org.w3c.dom.Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("2 words, need 5", failure.getAttribute("message"));
        assertTrue(doc.getElementsByTagName("system-out").item(0).getTextContent().contains("no match for /<&>/"));
    }

    @Test
    void github_actions_gets_annotations_with_file_and_a_step_summary_table(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]",
                "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/a.md\", \"pattern\": \"[DRAFT]\", \"severity\": \"warning\"},"
                        + " {\"type\": \"min_words\", \"target\": \"{artifact_path}/a.md\", \"min\": 50}]");
        f.write("out/demo/a.md", "[DRAFT] short\n");
        f.start("standard");
        Path summary = dir.resolve("summary.md");
        Files.writeString(summary, "earlier step\n");
        f.cli.env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString());
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "::warning file=out/demo/a.md,title=G1 not_contains out/demo/a.md::found [DRAFT] at line 1; wanted none");
        contains(r, "::error file=out/demo/a.md,title=G1 min_words out/demo/a.md::2 words, need 50");
        String md = Files.readString(summary);
        assertTrue(md.startsWith("earlier step\n### orun gate G1: FAIL (attempt 1, " + f.runId + ")"), md);
        assertTrue(md.contains("| ❌ | min_words out/demo/a.md | `out/demo/a.md` | 2 words, need 50 |"), md);
        assertTrue(md.contains("| ✅ | file_exists out/demo/a.md |"), md);
        OrunCli.Result json = f.cli.run("run", "verify", "--run", f.runId, "--json").assertExit(0);
        assertFalse(json.out().contains("::"), "no annotations in --json output" + json.describe());
        Json.LENIENT.readTree(json.out());
    }

    @Test
    void contracts_check_lists_every_problem_and_exits_4(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[\"../{slug}.md\"]", "[{\"type\": \"json_schema\", \"target\": \"x.json\", \"schema\": \"none.schema.json\"}]");
        contains(f.cli.run("contracts", "check").assertExit(4), "checked 3 workflows and 6 contracts: 2 problems");
        f.write("orchestration/gates/contracts/broken.contract.json", "{\"gate\": \"G1\", \"required_outputs\": [], \"validations\": [{\"type\": \"spelling\"}], \"owner\": \"me\"}");
        f.write("orchestration/workflows/w2.yaml", "workflow: w2\ngates:\n  - gate: G1\n    contract: orchestration/gates/contracts/missing.json\n    prompt_template: nothing-here\n");
        OrunCli.Result r = f.cli.run("contracts", "check").assertExit(4);
        contains(r, "error: orchestration/gates/contracts/t.G1.contract.json /required_outputs/0: '../{slug}.md' escapes the repository through '..'");
        contains(r, "error: orchestration/gates/contracts/t.G1.contract.json /validations/0/schema: none.schema.json does not exist");
        contains(r, "error: orchestration/gates/contracts/broken.contract.json /owner: unknown field 'owner'");
        contains(r, "/validations/0/type: unknown validation type 'spelling'");
        contains(r, "error: orchestration/workflows/w2.yaml /gates/0/contract: orchestration/gates/contracts/missing.json does not exist");
    }

    @Test
    void contracts_check_passes_on_the_scaffold_and_warns_on_a_missing_prompt_template(@TempDir Path dir) {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        contains(cli.run("contracts", "check").assertExit(0), "checked 2 workflows and 5 contracts: 0 problems, 0 warnings");
        new GateFixture.Writer(dir).write("orchestration/workflows/w3.yaml",
                "workflow: w3\ngates:\n  - gate: G1\n    contract: orchestration/gates/contracts/hello.G1.contract.json\n    prompt_template: G1\n");
        contains(cli.run("contracts", "check").assertExit(0), "warning: orchestration/workflows/w3.yaml /gates/0/prompt_template: 'G1' not found");
    }

    // ---- the seed's compat slice

    static OrunCli seedRepo(Path dir) {
        OrunCli.copyTree(Shared.require(SEED), dir);
        OrunCli.git(dir, "init", "-q");
        return new OrunCli(dir);
    }

    @Test
    void seed_runs_list_and_verify_with_the_failed_runs_uncommitted_files_missing(@TempDir Path dir) {
        OrunCli cli = seedRepo(dir);
        OrunCli.Result list = cli.run("run", "list").assertExit(0);
        for (String id : new String[]{TYPO, "run_20260121T035318510Z_the-word-slang_zb5rja", "run_20260119T222303959Z_the-word-robot_uc2s1f",
                "run_20260119T222250635Z_the-word-war_cmfi9k"}) {
            contains(list, id);
        }
        contains(cli.run("run", "verify", "--run", TYPO).assertExit(0), "(legacy record: artifact hashes only");
        cli.run("run", "verify", "--run", "zb5rja").assertExit(0);
        OrunCli.Result robot = cli.run("run", "verify", "--run", "uc2s1f").assertExit(1);
        for (String missing : new String[]{"SYNTHESIS", "FIGURES", "QUOTES", "TIMELINE", "VISUALS"}) {
            contains(robot, "MISSING  artifact src/app/essays/etymology/the-word-robot/research/" + missing + ".md");
        }
        contains(robot, "5 problems");
        contains(cli.run("run", "verify", "--all").assertExit(1), "verified 4 runs: 5 problems");
    }

    @Test
    void seed_gates_rerun_at_depth_deep_pass_with_the_hashes_the_seed_recorded(@TempDir Path dir) throws Exception {
        OrunCli cli = seedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "visual-essay", "--slug", "the-word-slang-typographic",
                "--artifact-path", "src/app/essays/etymology/the-word-slang-typographic", "--depth", "deep").assertExit(0).lastLine();
        for (String g : new String[]{"G1", "G2", "G3"}) {
            cli.run("gate", "start", "--run", id, "--gate", g).assertExit(0);
            contains(cli.run("gate", "finish", "--run", id, "--gate", g).assertExit(0), "PASS  " + g);
        }
        JsonNode seed = Json.LENIENT.readTree(Files.readString(dir.resolve("orchestration/runs/" + TYPO + "/record/RUN.json")));
        JsonNode ours = Json.LENIENT.readTree(Files.readString(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
        assertEquals(8, seed.get("artifacts_index").size());
        assertEquals(seed.get("artifacts_index").size(), ours.get("artifacts_index").size());
        for (int i = 0; i < 8; i++) {
            assertEquals(seed.at("/artifacts_index/" + i + "/path").asString(), ours.at("/artifacts_index/" + i + "/path").asString());
            assertEquals(seed.at("/artifacts_index/" + i + "/sha256").asString(), ours.at("/artifacts_index/" + i + "/sha256").asString());
        }
        contains(cli.run("run", "verify", "--run", id).assertExit(0), "no problems");
    }
}
