package dev.orun.cli;

import dev.orun.cli.OrunCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 10: a broken user file is reported in orun's words (file, line:column, what, fix) and never with
 * the parser's internals; a control character in a name, id, agent or path is refused; a json_schema that refers
 * outside its file is a contract error, not an internal error.
 */
class InputWordsTest {
    @TempDir
    Path repo;

    private static final String G1 = "orchestration/gates/contracts/hello.G1.contract.json";
    private static final String WF = "orchestration/workflows/hello.yaml";
    private static final Pattern AT = Pattern.compile("at line \\d+, column \\d+: ");

    private static void assertOrunWords(Result r, String file) {
        String err = r.err();
        for (String internal : List.of("jackson", "feature", "exception", "[source", "snakeyaml", "code 1", "(code")) {
            assertFalse(err.toLowerCase(Locale.ROOT).contains(internal), "no parser internals ('" + internal + "')" + r.describe());
        }
        assertTrue(err.contains(file), "names the file" + r.describe());
        assertEquals(1, err.strip().lines().count(), "one line" + r.describe());
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Broken contracts (JSON): each a different syntax error, and each said with its place, its cause and its fix. */
    @Test
    void broken_json_contracts_are_reported_in_orun_words_with_line_and_column() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String good = Files.readString(repo.resolve(G1));
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("duplicate key", new String[]{good.replace("\"blocking\": true,", "\"blocking\": true, \"blocking\": false,"),
                "key \"blocking\" is given twice"});
        cases.put("trailing comma in an object", new String[]{good.replace("\"blocking\": true,", "\"blocking\": true,}"),
                "trailing comma"});
        cases.put("trailing comma at the end", new String[]{good.strip().replaceAll("\\]\\s*}$", "],\n}"), "trailing comma"});
        cases.put("trailing comma in an array", new String[]{good.replace("[\"# Hello\"]", "[\"# Hello\",]"), "trailing comma"});
        cases.put("unterminated string", new String[]{"{\"gate\": \"G1", "string is not closed"});
        cases.put("bare word", new String[]{good.replace("\"blocking\": true", "\"blocking\": yes"), "'yes' is not a value"});
        cases.put("single quotes", new String[]{good.replace("\"blocking\": true", "'blocking': true"), "single quotes"});
        cases.put("comment", new String[]{"// the greeting\n" + good, "comment"});
        cases.put("mismatched bracket", new String[]{good.replace("[\"# Hello\"]", "[\"# Hello\"}"), "closes a bracket"});
        cases.put("control character", new String[]{good.replace("Greeting written", "Greeting\u0001written"), "control character"});
        cases.put("bad escape", new String[]{good.replace("Greeting written", "Greeting\\qwritten"), "is not an escape"});
        cases.put("missing colon", new String[]{good.replace("\"blocking\": true", "\"blocking\" true"), "':'"});
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            write(repo.resolve(G1), c.getValue()[0]);
            Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo");
            try {
                assertEquals(4, r.exit(), c.getKey() + r.describe());
                assertOrunWords(r, G1);
                assertTrue(AT.matcher(r.err()).find(), c.getKey() + ": says line and column" + r.describe());
                assertTrue(r.err().contains(c.getValue()[1]), c.getKey() + ": says what is wrong" + r.describe());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
            Result check = cli.run("contracts", "check");
            try {
                assertEquals(4, check.exit(), c.getKey() + check.describe());
                assertFalse(check.out().toLowerCase(Locale.ROOT).contains("jackson") || check.out().contains("[Source")
                        || check.out().contains("Exception") || check.out().contains("Feature"), check.describe());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases:\n" + String.join("\n", failures));
    }

    /** Broken workflows (YAML): duplicate keys, tabs, an open quote, an open list, bad indentation, a wrong type. */
    @Test
    void broken_yaml_workflows_are_reported_in_orun_words_with_line_and_column() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String good = Files.readString(repo.resolve(WF));
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("duplicate key", new String[]{good.replace("version: \"1\"", "version: \"1\"\nversion: \"2\""),
                "key \"version\" is given twice"});
        cases.put("tab indentation", new String[]{good.replace("    name: Greeting written", "\tname: Greeting written"), "tab"});
        cases.put("open quote", new String[]{good + "  - gate: G3\n    name: \"open\n", "not closed"});
        cases.put("open flow list", new String[]{"workflow: hello\ngates: [\n  {gate: G1, contract: x}\n", "'[' list is not closed"});
        cases.put("bad indentation", new String[]{good.replace("    name: Greeting written", "      name: Greeting written"), "indent"});
        cases.put("colon in a plain value", new String[]{good.replace("name: Greeting written", "name: Greeting: written"), "': '"});
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            write(repo.resolve(WF), c.getValue()[0]);
            Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo");
            try {
                assertEquals(4, r.exit(), c.getKey() + r.describe());
                assertOrunWords(r, WF);
                assertTrue(AT.matcher(r.err()).find(), c.getKey() + ": says line and column" + r.describe());
                assertTrue(r.err().contains(c.getValue()[1]), c.getKey() + ": says what is wrong" + r.describe());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        // A wrong type is the schema's to report, in the same terms: file, pointer, what was wanted.
        write(repo.resolve(WF), good.replace("max_attempts", "x").replace("version: \"1\"", "version: [1]"));
        Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertOrunWords(r, WF + " /version");
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases:\n" + String.join("\n", failures));
    }

    /** A hand-broken RUN.json and orun.yaml: the same words (RUN.json's message also says how to restore it). */
    @Test
    void a_broken_record_and_a_broken_settings_file_are_reported_in_orun_words() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo")
                .assertExit(0).out().strip();
        Path run = repo.resolve("orchestration/runs/" + id + "/record/RUN.json");
        String json = Files.readString(run);
        write(run, json.replaceFirst("\"vars\": \\{}", "\"vars\": {]"));
        Result r = cli.run("run", "show", "--run", id).assertExit(4);
        assertOrunWords(r, "RUN.json");
        assertTrue(AT.matcher(r.err()).find() && r.err().contains("closes a bracket") && r.err().contains("git checkout"), r.describe());
        write(run, json);
        write(repo.resolve("orchestration/orun.yaml"), "retention:\n\tkeep: 3\n");
        r = cli.run("logs", "prune", "--dry-run");
        assertEquals(4, r.exit(), r.describe());
        assertOrunWords(r, "orchestration/orun.yaml");
        assertTrue(r.err().contains("at line 2, column 1: a tab character"), r.describe());
    }

    @Test
    void a_control_character_in_a_gate_name_agent_or_contract_is_refused_naming_file_and_field() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String good = Files.readString(repo.resolve(WF));
        write(repo.resolve(WF), good.replace("name: Greeting written", "name: \"Greeting\\0written\""));
        Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertTrue(r.err().contains(WF + " /gates/0/name: contains the control character U+0000"), r.describe());
        assertEquals(4, cli.run("contracts", "check").exit());

        write(repo.resolve(WF), good.replace("agent: greeter", "agent: \"gre\\eeter\""));
        r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertTrue(r.err().contains(WF + " /gates/0/agent: contains the control character U+001B"), r.describe());

        write(repo.resolve(WF), good.replace("- gate: G1", "- gate: \"G1\\0\""));
        r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertTrue(r.err().contains(WF + " /gates/0/gate: contains the control character U+0000"), r.describe());
        write(repo.resolve(WF), good);

        String contract = Files.readString(repo.resolve(G1));
        write(repo.resolve(G1), contract.replace("Greeting written", "Greeting\\u0000written"));
        r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(4);
        assertTrue(r.err().contains(G1 + " /name: contains the control character U+0000"), r.describe());
        write(repo.resolve(G1), contract);
        assertFalse(Files.exists(repo.resolve("orchestration/runs")) && Files.list(repo.resolve("orchestration/runs"))
                .anyMatch(p -> p.getFileName().toString().startsWith("run_")), "no run was created");
    }

    @Test
    void a_control_character_in_an_artifact_path_agent_or_var_is_refused() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Result r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/a\u0001b").assertExit(4);
        assertTrue(r.err().contains("--artifact-path: 'out/a\\u0001b' contains the control character U+0001"), r.describe());
        r = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo", "--var", "who=a\u001b[31mb")
                .assertExit(2);
        assertTrue(r.err().contains("--var 'who=…': the value contains the control character U+001B"), r.describe());
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).out().strip();
        r = cli.run("gate", "start", "--run", id, "--gate", "G1", "--agent", "bot\u0007").assertExit(2);
        assertTrue(r.err().contains("--agent 'bot\\u0007' contains the control character U+0007"), r.describe());
    }

    @Test
    void a_json_schema_with_a_remote_or_file_ref_is_a_contract_error_naming_the_ref() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Files.createDirectories(repo.resolve("schemas"));
        Files.createDirectories(repo.resolve("out/j"));
        write(repo.resolve("orchestration/workflows/js.yaml"), "workflow: js\ngates:\n  - gate: J1\n"
                + "    contract: orchestration/gates/contracts/J1.contract.json\n");
        write(repo.resolve("orchestration/gates/contracts/J1.contract.json"), "{\"gate\": \"J1\", \"required_outputs\": "
                + "[\"{artifact_path}/doc.json\"], \"validations\": [{\"type\": \"json_schema\", \"target\": "
                + "\"{artifact_path}/doc.json\", \"schema\": \"schemas/doc.schema.json\"}]}");
        write(repo.resolve("out/j/doc.json"), "{\"a\": 1}");
        write(repo.resolve("schemas/other.schema.json"), "{\"type\": \"integer\"}");
        for (String ref : List.of("http://127.0.0.1:9/x.json", "file:///etc/hostname", "other.schema.json")) {
            write(repo.resolve("schemas/doc.schema.json"), "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", "
                    + "\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"" + ref + "\"}}}");
            String id = cli.run("run", "start", "--workflow", "js", "--slug", "j", "--artifact-path", "out/j").assertExit(0).out().strip();
            cli.run("gate", "start", "--run", id, "--gate", "J1").assertExit(0);
            Result r = cli.run("gate", "finish", "--run", id, "--gate", "J1");
            assertEquals(4, r.exit(), ref + r.describe());
            assertFalse(r.err().contains("internal error"), r.describe());
            assertTrue(r.err().contains("schemas/doc.schema.json /properties/a/$ref: '" + ref + "' refers outside this file, "
                    + "and orun does not fetch schemas"), r.describe());
            Result check = cli.run("contracts", "check");
            assertEquals(4, check.exit(), check.describe());
            assertTrue(check.out().contains("/properties/a/$ref: '" + ref + "'"), check.describe());
            cli.run("gate", "fail", "--run", id, "--gate", "J1", "--reason", "schema refers outside").assertExit(0);
        }
        // A reference into the same file is followed.
        write(repo.resolve("schemas/doc.schema.json"), "{\"$defs\": {\"n\": {\"type\": \"integer\"}}, \"type\": \"object\", "
                + "\"properties\": {\"a\": {\"$ref\": \"#/$defs/n\"}}}");
        String id = cli.run("run", "start", "--workflow", "js", "--slug", "j", "--artifact-path", "out/j").assertExit(0).out().strip();
        cli.run("gate", "start", "--run", id, "--gate", "J1").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "J1").assertExit(0);
    }
}
