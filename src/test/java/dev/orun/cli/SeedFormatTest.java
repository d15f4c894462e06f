package dev.orun.cli;

import dev.orun.gate.ContractLoader;
import dev.orun.gate.GateContract;
import dev.orun.gate.PathVariables;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import dev.orun.workflow.PreScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's workflow and contract fields on small hand-made repositories: each meaning and each error path. */
class SeedFormatTest {

    /** A repository with workflow "s" (seed-style: phase, a dotted gate id) whose gate G4.1 has the given contract body. */
    static OrunCli repo(Path dir, String contractFields) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write(dir, "orchestration/workflows/s.json", """
                {"workflow": "s", "version": "1", "description": "seed-style",
                 "gates": [{"gate": "G4.1", "name": "Dotted", "agent": "a", "phase": "Production",
                            "contract": "orchestration/gates/contracts/G4.1.contract.json", "prompt_template": "G4.1",
                            "description": "a dotted gate"}]}
                """);
        write(dir, "orchestration/gates/contracts/G4.1.contract.json", "{\"gate\": \"G4.1\", \"name\": \"Dotted\", " + contractFields + "}");
        return cli;
    }

    static Path write(Path dir, String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    static String start(OrunCli cli) {
        String id = cli.run("run", "start", "--workflow", "s", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G4.1", "--reopen").assertExit(0);
        return id;
    }

    static JsonNode attempt(Path dir, String id) throws IOException {
        return Json.LENIENT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/gates/G4.1/attempt-1.json")));
    }

    @Test
    void all_of_and_any_of_together_both_apply(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": {"all_of": [{"path": "{artifact_path}/page.tsx"}],
                                     "any_of": [{"path": "{artifact_path}/a.md"}, {"path": "{artifact_path}/b.md"}]}""");
        write(dir, "out/demo/page.tsx", "x");
        String id = start(cli);
        OrunCli.Result fail = cli.run("gate", "finish", "--run", id, "--gate", "G4.1").assertExit(1);
        assertTrue(fail.out().contains("none of 2 candidates exist (out/demo/a.md, out/demo/b.md)"), "any_of counts its own group only" + fail.describe());

        cli.run("gate", "start", "--run", id, "--gate", "G4.1", "--reopen").assertExit(0);
        write(dir, "out/demo/b.md", "b");
        Files.delete(dir.resolve("out/demo/page.tsx"));
        OrunCli.Result fail2 = cli.run("gate", "finish", "--run", id, "--gate", "G4.1").assertExit(1);
        assertTrue(fail2.out().contains("missing: out/demo/page.tsx does not exist"), "all_of still required beside any_of" + fail2.describe());

        cli.run("gate", "start", "--run", id, "--gate", "G4.1", "--reopen").assertExit(0);
        write(dir, "out/demo/page.tsx", "x");
        cli.run("gate", "finish", "--run", id, "--gate", "G4.1").assertExit(0);
        cli.run("contracts", "check").assertExit(0);
    }

    @Test
    void an_unknown_top_level_field_is_an_error_that_names_it(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, "\"required_outputs\": [\"x.md\"], \"agent\": \"a\", \"recommended_files\": {\"general\": []},"
                + " \"verification_rules\": [{\"rule\": \"r\"}], \"audit_criteria\": {\"v\": {\"weight\": 1}}, \"bogus_field\": 1");
        OrunCli.Result r = cli.run("contracts", "check").assertExit(4);
        assertTrue(r.out().contains("error: orchestration/gates/contracts/G4.1.contract.json /bogus_field: unknown field 'bogus_field'"), r.describe());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("error:")).count(), "the seed's own fields are known" + r.describe());
        OrunCli.Result start = cli.run("run", "start", "--workflow", "s", "--slug", "demo").assertExit(4);
        assertTrue(start.err().contains("/bogus_field: unknown field 'bogus_field'"), start.describe());
    }

    @Test
    void contract_errors_are_each_listed_with_their_cause_and_no_schema_noise(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": {"all_of": [{"path": "a.md"}], "any_of": [], "bogus": 1},
                "pre_scripts": [{"path": "x.sh", "arg": ["a"]}],
                "required_skills": [{"path": "orchestration/skills/s"}]""");
        OrunCli.Result r = cli.run("contracts", "check").assertExit(4);
        String c = "error: orchestration/gates/contracts/G4.1.contract.json ";
        assertTrue(r.out().contains(c + "/required_outputs/any_of: is empty, so no output could ever meet it: list at least one output in any_of, or remove any_of"), r.describe());
        assertTrue(r.out().contains(c + "/required_outputs/bogus: unknown field 'bogus'"), r.describe());
        assertTrue(r.out().contains(c + "/pre_scripts/0/arg: unknown field 'arg'"), r.describe());
        assertTrue(r.out().contains(c + "/required_skills/0/inject: missing field 'inject': add it"), r.describe());
        assertFalse(r.out().contains("array expected") || r.out().contains("only one schema"), "the other oneOf branch is not a cause" + r.describe());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("error:")).count(), r.describe());
    }

    @Test
    void contracts_check_refuses_a_min_count_of_0_and_warns_on_a_contract_without_outputs_as_the_seeds_contracts_test(@TempDir Path dir)
            throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": {"all_of": []},
                "validations": [{"type": "min_regex_count", "target": "{artifact_path}/a.md", "regex": "x", "min_count": 0},
                                {"type": "min_regex_count", "target": "{artifact_path}/a.md", "regex": "x", "min_count": 1}]""");
        OrunCli.Result r = cli.run("contracts", "check").assertExit(4);
        String c = "orchestration/gates/contracts/G4.1.contract.json ";
        assertTrue(r.out().contains("error: " + c + "/validations/0/min_count: is 0, so the check passes on any file: give 1 or more"), r.describe());
        assertFalse(r.out().contains("/validations/1/"), r.describe());
        assertTrue(r.out().contains("warning: " + c + "/required_outputs: lists no output, so the gate requires no file"), r.describe());
        write(dir, "orchestration/gates/contracts/G4.1.contract.json", "{\"gate\": \"G4.1\", \"required_outputs\": []}");
        OrunCli.Result plain = cli.run("contracts", "check").assertExit(0);
        assertFalse(plain.out().contains("/required_outputs"), "orun's plain empty list means no outputs on purpose" + plain.describe());
    }

    @Test
    void a_top_level_viz_field_is_named_and_placed(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, "\"required_outputs\": [\"x.md\"], \"metadata_source\": \"{artifact_path}/page.tsx\"");
        OrunCli.Result r = cli.run("contracts", "check").assertExit(4);
        assertTrue(r.out().contains("/metadata_source: unknown field 'metadata_source': it belongs in a viz_tech_match validation"), r.describe());
    }

    @Test
    void required_skills_go_into_the_packet_between_instructions_and_outputs(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": ["{artifact_path}/x.md"],
                "required_skills": [{"path": "orchestration/skills/demo-skill", "name": "Demo Skill", "reason": "Because.",
                                     "inject": ["SKILL.md", "references/more.md"]}]""");
        write(dir, "orchestration/prompts/s/G4.1.md", "Do the dotted thing.\n");
        write(dir, "orchestration/skills/demo-skill/SKILL.md", "# Demo skill\nStep one: be exact.\n");
        write(dir, "orchestration/skills/demo-skill/references/more.md", "More text.\n");
        OrunCli.Result r = cli.run("run", "s", "--slug", "demo", "--artifact-path", "out/demo", "--no-input").assertExit(10);
        String packetPath = r.out().lines().filter(l -> l.contains("prompt packet:")).findFirst().orElseThrow().replaceAll(".*prompt packet: ", "").strip();
        String packet = Files.readString(dir.resolve(packetPath));
        int instructions = packet.indexOf("Do the dotted thing.");
        int skills = packet.indexOf("## Required skills");
        int skill = packet.indexOf("Step one: be exact.");
        int more = packet.indexOf("More text.");
        int outputs = packet.indexOf("## Required outputs");
        assertTrue(instructions > 0 && instructions < skills && skills < skill && skill < more && more < outputs, packet);
        assertTrue(packet.contains("### Skill: Demo Skill") && packet.contains("Why: Because."), packet);
        cli.run("contracts", "check").assertExit(0);
    }

    @Test
    void a_missing_skill_file_is_a_contract_error(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": ["x.md"],
                "required_skills": [{"path": "orchestration/skills/demo-skill", "inject": ["SKILL.md", "GONE.md"]}]""");
        write(dir, "orchestration/skills/demo-skill/SKILL.md", "# Demo\n");
        OrunCli.Result check = cli.run("contracts", "check").assertExit(4);
        assertTrue(check.out().contains("G4.1.contract.json /required_skills/0/inject/1: the skill file orchestration/skills/demo-skill/GONE.md does not exist"),
                check.describe());
        OrunCli.Result start = cli.run("run", "s", "--slug", "demo", "--no-input").assertExit(4);
        assertTrue(start.err().contains("/required_skills/0/inject/1: skill file orchestration/skills/demo-skill/GONE.md does not exist"), start.describe());
    }

    @Test
    void pre_scripts_run_before_validation_with_variables_and_log_to_the_runs_logs(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": ["{artifact_path}/made.txt"],
                "pre_scripts": [{"path": "scripts/make.sh", "args": ["{artifact_path}/made.txt", "{slug}"]}]""");
        write(dir, "scripts/make.sh", "mkdir -p \"$(dirname \"$1\")\" && echo \"made for $2\" > \"$1\" && echo said-so\n");
        String id = start(cli);
        OrunCli.Result r = cli.run("gate", "finish", "--run", id, "--gate", "G4.1").assertExit(0);
        assertEquals("made for demo\n", Files.readString(dir.resolve("out/demo/made.txt")), r.describe());
        JsonNode first = attempt(dir, id).path("validations").get(0);
        assertEquals("pre_script", first.path("type").asString());
        assertTrue(first.path("pass").asBoolean(), first.toString());
        assertEquals("warning", first.path("severity").asString(), "a pre-script never fails a gate");
        Path log = dir.resolve("orchestration/runs/" + id + "/logs/gates/G4.1/attempt-1/pre-script-1-make.sh.log");
        assertEquals("said-so\n", Files.readString(log));
    }

    @Test
    void a_failing_pre_script_is_a_warning_and_the_validations_decide(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": ["{artifact_path}/x.md"],
                "pre_scripts": [{"path": "scripts/fail.py"}, {"path": "scripts/absent.mjs"}]""");
        write(dir, "scripts/fail.py", "import sys\nprint('nope')\nsys.exit(3)\n");
        write(dir, "out/demo/x.md", "x");
        String id = start(cli);
        OrunCli.Result r = cli.run("gate", "finish", "--run", id, "--gate", "G4.1").assertExit(0);
        JsonNode v = attempt(dir, id).path("validations");
        assertFalse(v.get(0).path("pass").asBoolean());
        assertTrue(v.get(0).path("message").asString().contains("pre-script 'python3 scripts/fail.py' exited 3"), v + r.describe());
        assertTrue(v.get(1).path("message").asString().contains("scripts/absent.mjs not run: the file does not exist"), v.toString());
        assertEquals("PASS", attempt(dir, id).path("status").asString());
        OrunCli.Result check = cli.run("contracts", "check").assertExit(4);
        assertTrue(check.out().contains("/pre_scripts/1/path: the pre-script scripts/absent.mjs does not exist"), check.describe());
    }

    @Test
    void a_hanging_pre_script_is_killed_with_what_it_started(@TempDir Path dir) throws Exception {
        Path root = dir.toAbsolutePath();
        write(dir, "hang.sh", "sleep 300 &\necho $! > child.pid\nwait\n");
        String contract = "{\"gate\": \"G1\", \"required_outputs\": [], \"pre_scripts\": [{\"path\": \"hang.sh\"}]}";
        Path file = write(dir, "c.contract.json", contract);
        GateContract c = new ContractLoader(new OrunPaths(root, root.resolve("runs")), new SchemaValidator()).load(file);
        long t0 = System.nanoTime();
        List<PreScripts.Outcome> out = new PreScripts(root, Map.of(), Duration.ofSeconds(1))
                .run(c, PathVariables.of("demo", "out/demo", null, null, "standard", Map.of()), root.resolve("logs"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(PreScripts.Status.TIMED_OUT, out.get(0).status(), out.toString());
        assertTrue(out.get(0).warning().contains("still running after 1 s: killed"), out.toString());
        assertTrue(ms < 10_000, "stopped at the timeout, not after the script: " + ms + " ms");
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        long until = System.nanoTime() + 5_000_000_000L;
        while (running(child) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertFalse(running(child), "the script's own child is killed too");
    }

    /** Alive and not a zombie waiting for a parent (a container's init may reap late). */
    private static boolean running(long pid) throws IOException {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return true;
        }
        String s = Files.readString(stat);
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }

    @Test
    void pre_script_with_no_interpreter_is_a_contract_error(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, "\"required_outputs\": [\"x.md\"], \"pre_scripts\": [{\"path\": \"scripts/run.rb\"}]");
        write(dir, "scripts/run.rb", "puts 1\n");
        OrunCli.Result r = cli.run("contracts", "check").assertExit(4);
        assertTrue(r.out().contains("/pre_scripts/0/path: 'scripts/run.rb' has no known interpreter"), r.describe());
    }

    @Test
    void client_component_resolves_to_the_artifact_folders_client_file(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, """
                "required_outputs": {"all_of": [{"path": "{client_component}"}]}""");
        String id = start(cli);
        OrunCli.Result missing = cli.run("gate", "finish", "--run", id, "--gate", "G4.1").assertExit(1);
        assertTrue(missing.out().contains("missing: {client_component} does not exist"), "unresolved, as in the seed" + missing.describe());
        write(dir, "out/demo/DemoClient.tsx", "export default 1;\n");
        write(dir, "out/demo/sub/OtherClient.tsx", "not looked at: subfolders are not searched\n");
        cli.run("gate", "start", "--run", id, "--gate", "G4.1", "--reopen").assertExit(0);
        OrunCli.Result ok = cli.run("gate", "finish", "--run", id, "--gate", "G4.1").assertExit(0);
        JsonNode a = attempt(dir, id);
        JsonNode art = Json.LENIENT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/gates/G4.1/attempt-2.json")))
                .path("artifacts").get(0);
        assertEquals("{client_component}", art.path("path").asString());
        assertEquals("out/demo/DemoClient.tsx", art.path("resolved_path").asString(), ok.describe() + a);
        cli.run("contracts", "check").assertExit(0);
    }

    @Test
    void artifact_path_comes_from_the_orun_yaml_pattern_when_not_given(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, "\"required_outputs\": [\"{artifact_path}/x.md\"]");
        write(dir, "orchestration/orun.yaml", "artifact_path: content/{slug}\n");
        String id = cli.run("run", "start", "--workflow", "s", "--slug", "demo").assertExit(0).lastLine();
        JsonNode run = Json.LENIENT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
        assertEquals("content/demo", run.path("workflow").path("artifact_path").asString());
        write(dir, "orchestration/orun.yaml", "artifact_path: content/fixed\n");
        OrunCli.Result bad = cli.run("run", "start", "--workflow", "s", "--slug", "demo").assertExit(4);
        assertTrue(bad.err().contains("orchestration/orun.yaml /artifact_path"), bad.describe());
    }

    @Test
    void contracts_check_finds_duplicate_ids_misnamed_files_and_orphan_contracts_and_lists_them_all(@TempDir Path dir) throws IOException {
        OrunCli cli = repo(dir, "\"required_outputs\": [\"x.md\"]");
        write(dir, "orchestration/workflows/named.json", """
                {"workflow": "other-name", "gates": [
                  {"gate": "G4.1", "contract": "orchestration/gates/contracts/G4.1.contract.json"},
                  {"gate": "G4.1", "contract": "orchestration/gates/contracts/G4.1.contract.json"}]}
                """);
        write(dir, "orchestration/gates/contracts/G7.contract.json", "{\"gate\": \"G8\", \"required_outputs\": [\"y.md\"]}");
        write(dir, "orchestration/workflows/bad.yaml", "workflow: bad\ngates:\n  - gate: G1\n    extra: 1\n  - {gate: G2, contract: c, more: 2}\n");
        OrunCli.Result r = cli.run("contracts", "check").assertExit(4);
        String err = r.out();
        assertTrue(err.contains("named.json /gates/1/gate: duplicate gate id 'G4.1' (also /gates/0)"), r.describe());
        assertTrue(err.contains("bad.yaml /gates/0/extra: unknown field 'extra'") && err.contains("bad.yaml /gates/1/more: unknown field 'more'")
                && err.contains("bad.yaml /gates/0/contract"), "every problem of a workflow, not the first and a count" + r.describe());
        assertFalse(err.contains("more)") || err.contains("(and "), r.describe());
        assertTrue(err.contains("G7.contract.json /gate: is 'G8' but the file is named for gate 'G7'"), r.describe());
        assertTrue(err.contains("G7.contract.json: contract of gate G8 is used by no workflow"), r.describe());
        write(dir, "orchestration/workflows/named.json", """
                {"workflow": "other-name", "gates": [{"gate": "G4.1", "contract": "orchestration/gates/contracts/G4.1.contract.json"}]}
                """);
        assertTrue(cli.run("contracts", "check").out().contains("named.json /workflow: is 'other-name' but the file is named for 'named'"));
    }
}
