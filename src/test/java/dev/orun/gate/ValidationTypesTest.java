package dev.orun.gate;

import dev.orun.cli.OrunCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every validation type through 'orun gate finish': pass, fail with its message, warning, missing file, bad field. */
class ValidationTypesTest {
    static final String SPEC = "[\"{artifact_path}/spec.md\"]";

    static void contains(OrunCli.Result r, String text) {
        assertTrue(r.out().contains(text) || r.err().contains(text), "expected '" + text + "' in" + r.describe());
    }

    // ---- file_exists

    @Test
    void file_exists_all_required_passes_when_every_required_output_exists(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("{\"all_of\": [{\"path\": \"{artifact_path}/a.md\"},"
                + " {\"path\": \"{artifact_path}/b.md\", \"required_for_depth\": [\"deep\"]}]}", "[{\"type\": \"file_exists\", \"target\": \"all_required\"}]");
        f.write("out/demo/a.md", "hello\n");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(0);
        contains(r, "✓ file_exists       out/demo/a.md  exists (6 bytes)");
        assertFalse(r.out().contains("b.md"), "b.md is only required at depth deep" + r.describe());
    }

    @Test
    void file_exists_fails_naming_the_missing_required_output(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("{\"all_of\": [{\"path\": \"{artifact_path}/a.md\"},"
                + " {\"path\": \"{artifact_path}/b.md\", \"required_for_depth\": [\"deep\"]}]}", "[{\"type\": \"file_exists\", \"target\": \"all_required\"}]");
        f.write("out/demo/a.md", "hello\n");
        f.start("deep");
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "FAIL  G1");
        contains(r, "✗ file_exists       out/demo/b.md  missing: out/demo/b.md does not exist; it is required at depth deep");
    }

    @Test
    void file_exists_any_of_needs_one_candidate(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("{\"any_of\": [{\"path\": \"x/{slug}.md\"}, {\"path\": \"{artifact_path}/y.md\"}]}",
                "[{\"type\": \"file_exists\", \"target\": \"any_of\"}]");
        f.start("quick");
        contains(f.finish().assertExit(1), "none of 2 candidates exist (x/demo.md, out/demo/y.md); wanted at least 1");
        f.write("out/demo/y.md", "y");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0);
        contains(f.finish().assertExit(0), "found out/demo/y.md (1 of 2 candidates; wanted at least 1)");
    }

    @Test
    void file_exists_warning_does_not_fail_the_gate(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"file_exists\", \"target\": \"{artifact_path}/extra.md\", \"severity\": \"warn\"}]");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(0);
        contains(r, "PASS  G1");
        contains(r, "⚠ file_exists       out/demo/extra.md  missing: out/demo/extra.md does not exist");
    }

    @Test
    void required_outputs_are_checked_even_without_a_file_exists_validation(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/a.md\"]", "[]");
        f.start("standard");
        contains(f.finish().assertExit(1), "✗ file_exists       out/demo/a.md  missing");
    }

    @Test
    void file_exists_without_target_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"file_exists\"}]");
        OrunCli.Result r = f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo");
        contains(r.assertExit(4), "orchestration/gates/contracts/t.G1.contract.json /validations/0/target");
    }

    // ---- min_sources

    @Test
    void min_sources_counts_source_headings_against_the_depth_threshold(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\","
                + " \"thresholds\": {\"quick\": 2, \"standard\": 3}}]");
        // The seed's count: H3 headings that are not section headings ("### Primary Sources" is not counted).
        f.write("out/demo/C.md", "# Citations\n### Primary Sources\n### Source 1\n### source 2\n### Smith 2020\n   ### indented is not counted\n");
        f.start("standard");
        contains(f.finish().assertExit(0), "3 sources (3 source headings, 0 distinct URLs, 0 **URL**/**Source** entries, 0 bullets; the highest counts), need 3 at depth standard");
    }

    @Test
    void counts_of_one_are_singular(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"min\": 1},"
                + " {\"type\": \"contains_headings\", \"target\": \"{artifact_path}/C.md\", \"required_headings\": [\"# Citations\"]}]");
        f.write("out/demo/C.md", "# Citations\n### Source 1\n");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(0);
        contains(r, "1 source (1 source heading");
        contains(r, "the 1 heading present");
    }

    @Test
    void min_sources_takes_the_highest_of_the_seeds_four_counts_and_says_what_it_wanted(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\","
                + " \"thresholds\": {\"standard\": 8}}]");
        f.write("out/demo/C.md", "- https://a.example/x\n- https://a.example/x\n- <https://b.example/y>\n- short\n"
                + "https://c.example/z\n- **URL**: https://d.example\n");
        f.start("standard");
        // URLs: a, b, c, d = 4 distinct; bullets of more than ten characters: 4; structured entries: 1.
        contains(f.finish().assertExit(1), "4 sources (0 source headings, 4 distinct URLs, 1 **URL**/**Source** entry, 4 bullets; the highest counts), need 8 at depth standard");
    }

    @Test
    void min_sources_with_min_and_warning_severity_never_fails(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"min\": 2, \"severity\": \"warning\"}]");
        f.write("out/demo/C.md", "https://only.example\n");
        f.start("quick");
        contains(f.finish().assertExit(0), "⚠ min_sources");
    }

    @Test
    void min_sources_fails_on_a_missing_file(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"min\": 2}]");
        f.start("quick");
        contains(f.finish().assertExit(1), "missing: out/demo/C.md does not exist; wanted 2 sources");
    }

    @Test
    void min_sources_with_a_bad_threshold_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"thresholds\": {\"standard\": \"eight\"}}]");
        // A broken contract is refused before a run is created.
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4), "/validations/0/thresholds/standard");
    }

    @Test
    void min_sources_without_a_threshold_for_the_depth_is_a_contract_error(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"thresholds\": {\"deep\": 15}}]");
        f.write("out/demo/C.md", "x");
        String c = "orchestration/gates/contracts/t.G1.contract.json /validations/0/thresholds: ";
        // contracts check knows no run's depth: every depth the table lacks is an error, with the fix.
        contains(f.cli.run("contracts", "check").assertExit(4), "error: " + c
                + "no threshold for depth quick, standard (it has deep): add \"quick\": N, \"standard\": N to thresholds, or a \"min\"");
        // A run at a depth the table lacks could never pass the gate: it is refused, and nothing is written.
        OrunCli.Result refused = f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo", "--depth", "quick");
        contains(refused.assertExit(4), c + "no threshold for depth quick (it has deep): add \"quick\": N to thresholds, or a \"min\" (the run's depth is quick)");
        java.nio.file.Files.createDirectories(dir.resolve("orchestration/runs"));
        try (var runs = java.nio.file.Files.list(dir.resolve("orchestration/runs"))) {
            assertEquals(List.of(), runs.filter(p -> p.getFileName().toString().startsWith("run_")).toList(), "no run created");
        }
        // A contract edited after its run started is still caught when the gate is evaluated.
        f.start("deep");
        f.contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"thresholds\": {\"quick\": 1}}]");
        contains(f.finish().assertExit(4), c + "no threshold for depth deep (it has quick): add \"deep\": N to thresholds, or a \"min\"");
        // A min is the fallback for a depth the table lacks.
        f.contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"thresholds\": {\"quick\": 1}, \"min\": 0}]");
        f.cli.run("contracts", "check").assertExit(0);
    }

    // ---- contains_headings

    @Test
    void contains_headings_is_a_substring_test_as_in_the_seed(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/spec.md\","
                + " \"required_headings\": [\"## Layer 1\", \"## Layer 2\", \"Layer 5\", \"## Layer 6\"]}]");
        f.write("out/demo/spec.md", "# Spec\n## Layer 10\nsee ## Layer 2 in a paragraph\n#### Layer 5 deep\n");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        // "## Layer 1" is met by "## Layer 10": the seed's verdict (a substring); the message notes a heading not on a heading line.
        contains(r, "missing headings: ## Layer 6 (3 of 4 present; each must occur in the file); note: ## Layer 2 found, but not at the start of a line");
    }

    @Test
    void contains_headings_passes_the_real_G5_check_on_page_tsx(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/page.tsx\","
                + " \"required_headings\": [\"export default\", \"metadata\"]}]");
        f.write("out/demo/page.tsx", "import type { Metadata } from 'next';\nexport const metadata: Metadata = {};\nexport default function Page() {}\n");
        f.start("standard");
        contains(f.finish().assertExit(0), "✓ contains_headings out/demo/page.tsx  all 2 headings present");
    }

    @Test
    void contains_headings_warning_and_missing_file(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/spec.md\","
                + " \"required_headings\": [\"## A\"], \"severity\": \"warning\"}]");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(0);
        contains(r, "⚠ contains_headings out/demo/spec.md  missing: out/demo/spec.md does not exist");
    }

    @Test
    void contains_headings_with_a_string_instead_of_a_list_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"contains_headings\", \"target\": \"x.md\", \"required_headings\": \"## A\"}]");
        // A broken contract is refused before a run is created.
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4), "/validations/0/required_headings");
    }

    // ---- not_contains

    @Test
    void not_contains_reports_the_line_of_a_literal_match(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"[DRAFT]\"}]");
        f.write("out/demo/spec.md", "# Spec\nD\nR\nA\n[DRAFT] here\n");
        f.start("standard");
        contains(f.finish().assertExit(1), "found [DRAFT] at line 5; wanted none");
    }

    @Test
    void not_contains_regex_and_pass(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"TODO\\\\(\\\\w+\\\\)\", \"regex\": true}]");
        f.write("out/demo/spec.md", "TODO without parens\n[DRAFT]\n");
        f.start("standard");
        contains(f.finish().assertExit(0), "✓ not_contains");
    }

    @Test
    void not_contains_fails_on_a_missing_file_unless_missing_ok(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"X\"},"
                + " {\"type\": \"not_contains\", \"target\": \"{artifact_path}/other.md\", \"pattern\": \"X\", \"missing_ok\": true}]");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "✗ not_contains      out/demo/spec.md  missing: out/demo/spec.md does not exist");
        contains(r, "✓ not_contains      out/demo/other.md  missing: out/demo/other.md does not exist, allowed by missing_ok");
    }

    @Test
    void not_contains_warning_keeps_the_gate_passing(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"[DRAFT]\", \"severity\": \"warning\"}]");
        f.write("out/demo/spec.md", "[DRAFT]\n");
        f.start("standard");
        contains(f.finish().assertExit(0), "⚠ not_contains      out/demo/spec.md  found [DRAFT] at line 1; wanted none");
    }

    @Test
    void not_contains_with_a_broken_regex_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"not_contains\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"(\", \"regex\": true}]");
        f.write("out/demo/spec.md", "x\n");
        f.start("standard");
        contains(f.finish().assertExit(4), "/validations/0/pattern: not a valid JavaScript regex /(/m (unterminated group");
    }

    // ---- json_schema

    @Test
    void json_schema_passes_valid_and_fails_invalid_documents(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"json_schema\", \"target\": \"{artifact_path}/d.json\", \"schema\": \"schemas/d.schema.json\"}]");
        f.write("schemas/d.schema.json", "{\"type\": \"object\", \"required\": [\"title\"], \"properties\": {\"title\": {\"type\": \"string\"}}}");
        f.write("out/demo/d.json", "{\"title\": 3}");
        f.start("standard");
        contains(f.finish().assertExit(1), "1 schema violation against schemas/d.schema.json: /title");
        f.write("out/demo/d.json", "{\"title\": \"ok\"}");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0);
        contains(f.finish().assertExit(0), "✓ json_schema       out/demo/d.json  valid against schemas/d.schema.json");
    }

    @Test
    void json_schema_missing_document_and_missing_schema(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"json_schema\", \"target\": \"{artifact_path}/d.json\", \"schema\": \"schemas/none.json\", \"severity\": \"warning\"}]");
        f.start("standard");
        contains(f.finish().assertExit(0), "⚠ json_schema       out/demo/d.json  schema file schemas/none.json does not exist");
    }

    @Test
    void json_schema_without_schema_field_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"json_schema\", \"target\": \"d.json\"}]");
        // A broken contract is refused before a run is created.
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4), "/validations/0/schema");
    }

    // ---- matches, min_words

    @Test
    void matches_reports_where_or_that_nothing_matched(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"matches\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"^Status: (done|approved)$\"}]");
        f.write("out/demo/spec.md", "# S\nStatus: draft\n");
        f.start("standard");
        contains(f.finish().assertExit(1), "no match for /^Status: (done|approved)$/; wanted at least one");
        f.write("out/demo/spec.md", "# S\nStatus: approved\n");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0);
        contains(f.finish().assertExit(0), "matched /^Status: (done|approved)$/ at line 2");
    }

    @Test
    void min_words_counts_words_against_the_depth(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"min_words\", \"target\": \"{artifact_path}/spec.md\", \"thresholds\": {\"standard\": 5}},"
                + " {\"type\": \"min_words\", \"target\": \"{artifact_path}/spec.md\", \"min\": 100, \"severity\": \"warning\"}]");
        f.write("out/demo/spec.md", "one two\nthree   four\n");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "✗ min_words         out/demo/spec.md  4 words, need 5 at depth standard");
        contains(r, "⚠ min_words         out/demo/spec.md  4 words, need 100");
    }

    @Test
    void min_words_on_a_missing_file_fails(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_words\", \"target\": \"{artifact_path}/none.md\", \"min\": 1}]");
        f.start("standard");
        contains(f.finish().assertExit(1), "missing: out/demo/none.md does not exist; wanted 1 word");
    }

    // ---- command

    @Test
    void command_passes_on_exit_zero_and_logs_its_output_under_logs(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"target\": \"lint\", \"command\": [\"sh\", \"-c\", \"echo checking {slug}; exit 3\"]},"
                + " {\"type\": \"command\", \"command\": \"echo fine\"}]");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "✗ command           lint  exit 3, wanted 0 (output: orchestration/runs/" + f.runId + "/logs/gates/G1/attempt-1/check-0-command.log)");
        contains(r, "✓ command           sh -c echo fine  exit 0");
        String log = java.nio.file.Files.readString(dir.resolve("orchestration/runs/" + f.runId + "/logs/gates/G1/attempt-1/check-0-command.log"));
        assertTrue(log.contains("checking demo"), log);
    }

    @Test
    void command_that_cannot_start_fails_and_a_warning_command_does_not(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"command\": [\"/no/such/tool\"], \"severity\": \"warning\"}]");
        f.start("standard");
        contains(f.finish().assertExit(0), "⚠ command           /no/such/tool  could not start");
    }

    @Test
    void command_given_as_a_number_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"command\": 3}]");
        // A broken contract is refused before a run is created.
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4), "/validations/0/command");
    }

    // ---- contract errors

    @Test
    void an_unknown_validation_type_is_a_contract_error_never_skipped(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"spellcheck\", \"target\": \"x.md\"}]");
        // A broken contract is refused before a run is created.
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4),
                "orchestration/gates/contracts/t.G1.contract.json /validations/0/type: unknown validation type 'spellcheck'");
    }

    @Test
    void a_contract_broken_after_the_run_started_is_refused_at_gate_start(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"file_exists\", \"target\": \"x.md\"}]");
        String id = f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        f.contract("[]", "[{\"type\": \"file_exists\", \"target\": \"x.md\", \"severty\": \"warning\"}]");
        contains(f.cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(4), "/validations/0/severty: unknown field 'severty'");
    }

    @Test
    void an_unknown_field_is_a_contract_error_that_names_it(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"file_exists\", \"target\": \"x.md\", \"severty\": \"warning\"}]");
        // A broken contract is refused before a run is created.
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4), "/validations/0/severty: unknown field 'severty'");
    }

    @Test
    void an_unknown_path_variable_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/{chapter}.md\"]", "[]");
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4),
                "/required_outputs/0: unknown variable {chapter}");
    }

    @Test
    void run_vars_and_built_in_variables_expand_in_paths(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[\"{artifact_path}/{chapter}-{depth}-{workflow}.md\"]", "[]");
        f.write("out/demo/intro-quick-t.md", "x");
        f.start("quick", "--var", "chapter=intro");
        contains(f.finish().assertExit(0), "out/demo/intro-quick-t.md");
    }

    // ---- the seed's types through gate finish

    @Test
    void a_backtracking_regex_is_stopped_and_reported_as_a_failed_validation(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"matches\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"((a+)+)+c\"},"
                + " {\"type\": \"regex_match\", \"target\": \"{artifact_path}/spec.md\", \"regex\": \"((a+)+)+c\", \"severity\": \"warning\"}]");
        f.write("out/demo/spec.md", "a".repeat(34) + "!\n");
        f.start("standard");
        long t0 = System.nanoTime();
        OrunCli.Result r = f.finish().assertExit(1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        contains(r, "✗ matches           out/demo/spec.md  not checked: /((a+)+)+c/m stopped after 1000 ms (time limit) on this file;");
        contains(r, "⚠ regex_match       out/demo/spec.md  not checked: /((a+)+)+c/gm stopped after 1000 ms");
        // Each regex stops after 1 s of its thread's CPU time, or 10 s of wall time on a machine too busy to give it that;
        // unstopped, these two would run for hours.
        assertTrue(ms < 25_000, "took " + ms + " ms");
    }

    @Test
    void contracts_check_errors_on_an_invalid_javascript_regex_and_warns_on_nested_quantifiers(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"regex_match\", \"target\": \"{artifact_path}/spec.md\", \"regex\": \"[z-a]\"},"
                + " {\"type\": \"matches\", \"target\": \"{artifact_path}/spec.md\", \"pattern\": \"((a+)+)+c\"},"
                + " {\"type\": \"regex_match\", \"target\": \"{artifact_path}/spec.md\", \"regex\": \"[\\\\u{1F300}-\\\\u{1F9FF}]\", \"must_not_match\": true}]");
        OrunCli.Result r = f.cli.run("contracts", "check");
        contains(r, "/validations/0/regex: not a valid JavaScript regex /[z-a]/gm (range out of order in character class at index 1): fix the regex");
        contains(r, "/validations/1/pattern: /((a+)+)+c/ has a nested quantifier");
        assertFalse(r.out().contains("/validations/2/") || r.err().contains("/validations/2/"), "the emoji regex is valid" + r.describe());
        assertTrue(r.exit() == 4 || r.exit() == 1, "an error fails the check" + r.describe());
    }

    @Test
    void frontmatter_that_is_not_yaml_fails_naming_the_line(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"frontmatter_status\", \"target\": \"{artifact_path}/AUDIT.md\","
                + " \"checks\": {\"status\": {\"not\": \"FAIL\"}, \"score\": {\"min\": 8}}}]");
        f.write("out/demo/AUDIT.md", "---\nstatus: PASS\nscore: 9\nnotes: [unclosed\n---\n# Audit\n");
        f.start("standard");
        contains(f.finish().assertExit(1), "✗ frontmatter_status out/demo/AUDIT.md  frontmatter is not YAML at line 4, column 17: a '[' list is not closed: end it with ']'");
        f.write("out/demo/AUDIT.md", "---\nstatus: \"PASS\"   # quoted, with a comment\nscore: 9.5\n---\n# Audit\n");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0);
        contains(f.finish().assertExit(0), "✓ frontmatter_status out/demo/AUDIT.md  frontmatter: status \"PASS\" (not \"FAIL\"), score 9.5 (>= 8)");
    }

    @Test
    void dir_exists_min_file_count_and_min_sources_any_of(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"dir_exists\", \"target\": \"{artifact_path}/research\"},"
                + " {\"type\": \"min_file_count\", \"target\": \"{artifact_path}/research\", \"pattern\": \"*.md\", \"thresholds\": {\"quick\": 1, \"standard\": 3, \"deep\": 6}},"
                + " {\"type\": \"min_sources_any_of\", \"targets\": [\"{artifact_path}/research/CITATIONS.md\", \"{artifact_path}/research/CLAIMS.md\"],"
                + " \"thresholds\": {\"quick\": 3, \"standard\": 8, \"deep\": 15}}]");
        f.write("out/demo/research/CLAIMS.md", "https://a.example\nhttps://b.example\nhttps://c.example\n");
        f.write("out/demo/research/notes.txt", "x");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "✓ dir_exists        out/demo/research  folder exists");
        contains(r, "✗ min_file_count    out/demo/research  1 file matching *.md, need 3 at depth standard");
        contains(r, "✗ min_sources_any_of out/demo/research/CLAIMS.md  3 sources in the best of 2 targets (out/demo/research/CITATIONS.md missing,"
                + " out/demo/research/CLAIMS.md 3), need 8 at depth standard");
    }

    @Test
    void viz_tech_match_needs_an_import_and_a_rendered_element_for_each_claim(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"viz_tech_match\", \"metadata_source\": \"{artifact_path}/page.tsx\","
                + " \"implementation_target\": \"{artifact_path}/DemoClient.tsx\"}]");
        f.write("out/demo/page.tsx", "export const ESSAY_META = { visualizations: [\n { name: 'Skull Viewer', type: 'React Three Fiber' },\n"
                + " { name: 'Timeline', type: 'D3 timeline' },\n { name: 'Map', type: 'Annotated SVG' } ] };\n");
        f.write("out/demo/DemoClient.tsx", "import { Canvas } from '@react-three/fiber';\nexport default function C() { return <div/>; }\n");
        f.write("out/demo/Viewer.tsx", "import * as d3 from 'd3';\nd3.select('#t');\n");
        f.start("standard");
        contains(f.finish().assertExit(1), "1 of 3 visualization claims unmet: \"Skull Viewer\" claims \"React Three Fiber\" — import exists but no rendered element found");
        f.write("out/demo/DemoClient.tsx", "import { Canvas } from '@react-three/fiber';\nexport default function C() { return <Canvas>x</Canvas>; }\n");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0);
        contains(f.finish().assertExit(0), "3 visualizations declared, 2 name a known technology; each is imported and rendered");
    }

    @Test
    void a_regex_field_of_the_wrong_kind_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"regex_match\", \"target\": \"x.md\", \"regex\": true}]");
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4), "/validations/0/regex");
    }

    // ---- a team's own type

    @Test
    void a_type_declared_in_orun_yaml_runs_its_command_with_the_validations_fields(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"word_ban\", \"target\": \"{artifact_path}/spec.md\", \"with\": {\"word\": \"synergy\"}}]");
        f.write("orchestration/orun.yaml", "validation_types:\n  word_ban:\n    description: a banned word\n"
                + "    command: [sh, -c, 'if grep -q \"$1\" \"$0\"; then echo \"found $1 in $0 ($ORUN_VALIDATION_TYPE)\"; exit 1; fi', '{target}', '{with.word}']\n");
        f.write("out/demo/spec.md", "we need more synergy\n");
        f.start("standard");
        contains(f.finish().assertExit(1), "✗ word_ban          out/demo/spec.md  exit 1, wanted 0: found synergy in out/demo/spec.md (word_ban)");
        f.write("out/demo/spec.md", "plain words\n");
        f.cli.run("gate", "start", "--run", f.runId, "--gate", "G1", "--reopen").assertExit(0);
        contains(f.finish().assertExit(0), "✓ word_ban          out/demo/spec.md  exit 0");
    }

    @Test
    void a_type_orun_yaml_does_not_declare_stays_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"word_ban\", \"target\": \"x.md\"}]");
        f.write("orchestration/orun.yaml", "validation_types:\n  other_type:\n    command: [\"true\"]\n");
        contains(f.cli.run("run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4),
                "/validations/0/type: unknown validation type 'word_ban'");
    }

    @Test
    void a_team_types_shell_script_gets_values_quoted_never_pasted_into_its_code(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"same\", \"target\": \"{artifact_path}/x.md\","
                + " \"with\": {\"word\": \"a b'; touch INJECTED; echo '\"}}]");
        f.write("orchestration/orun.yaml", "validation_types:\n  same:\n    command:\n      - sh\n      - -c\n      - |\n"
                + "        test {with.word} = \"a b'; touch INJECTED; echo '\" && test {target} = out/demo/x.md && echo \"${HOME:+home}\"\n");
        f.start("standard");
        contains(f.finish().assertExit(0), "✓ same              out/demo/x.md  exit 0");
        assertFalse(java.nio.file.Files.exists(dir.resolve("INJECTED")), "the value ran as shell code");
    }
}
