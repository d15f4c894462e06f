package dev.orun.gate;

import dev.orun.cli.OrunCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
        f.write("out/demo/C.md", "# Citations\n### Source 1\n### source 2\n### SOURCE 3\n   ### Source indented is not counted\n");
        f.start("standard");
        contains(f.finish().assertExit(0), "3 sources ('### Source' headings), need 3 at depth standard");
    }

    @Test
    void min_sources_falls_back_to_distinct_urls_and_dois_and_says_what_it_wanted(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\","
                + " \"thresholds\": {\"standard\": 8}}]");
        f.write("out/demo/C.md", "- https://a.example/x.\n- https://a.example/x\n- <https://b.example/y>\n- doi 10.1000/xyz123\n"
                + "- https://doi.org/10.5555/abc\n- http://c.example\n- https://d.example/p?q=1\n- 10.1000/XYZ123\n");
        f.start("standard");
        contains(f.finish().assertExit(1), "6 sources (distinct URLs/DOIs; no '### Source' headings), need 8 at depth standard");
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
    void min_sources_without_a_threshold_for_the_depth_is_a_contract_error(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"min_sources\", \"target\": \"{artifact_path}/C.md\", \"thresholds\": {\"deep\": 15}}]");
        f.write("out/demo/C.md", "x");
        f.start("quick");
        contains(f.finish().assertExit(4), "/validations/0/thresholds: no threshold for depth quick");
    }

    // ---- contains_headings

    @Test
    void contains_headings_matches_at_a_word_boundary_and_the_same_level(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/spec.md\","
                + " \"required_headings\": [\"## Layer 1\", \"## Layer 2\", \"## Layer 3\", \"## Layer 4\", \"Layer 5\"]}]");
        f.write("out/demo/spec.md", "# Spec\n## layer 1: Strategic Foundation\n## Layer 10\nLayer 2 is in a paragraph\n"
                + "### Layer 3\n```\n## Layer 4\n```\n#### Layer 5 deep\n");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        contains(r, "missing headings: ## Layer 2, ## Layer 3, ## Layer 4 (2 of 5 present)");
    }

    @Test
    void contains_headings_passes_when_all_are_present(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract(SPEC, "[{\"type\": \"contains_headings\", \"target\": \"{artifact_path}/spec.md\","
                + " \"required_headings\": [\"## Layer 1\", \"# Spec\"]}]");
        f.write("out/demo/spec.md", "# Spec\n\n## Layer 1 — why\n");
        f.start("standard");
        contains(f.finish().assertExit(0), "✓ contains_headings out/demo/spec.md  all 2 headings present");
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
        contains(f.finish().assertExit(4), "/validations/0/pattern: not a valid regex");
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
        contains(f.finish().assertExit(1), "missing: out/demo/none.md does not exist; wanted 1 words");
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
}
