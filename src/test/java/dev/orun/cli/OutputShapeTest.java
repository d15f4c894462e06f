package dev.orun.cli;

import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.orun.cli.PipelineTest.onlyRun;
import static dev.orun.cli.PipelineTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, points 8, 10 and 14: tables, plurals, report failures, CI reports from pipelines, paused runs shown. */
class OutputShapeTest {
    @TempDir
    Path dir;

    static final String LONG_NAME = "A gate whose name is much longer than the column";
    static final String LONG_AGENT = "an-agent-with-a-very-long-name-indeed";

    /** One gate (for a person unless {@code exec}) with a long name, agent and output path. */
    static OrunCli oneGate(Path dir, String exec) throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write(dir, "orchestration/gates/contracts/one.G1.contract.json", "{\"gate\": \"G1\", \"name\": \"" + LONG_NAME
                + "\", \"blocking\": true, \"required_outputs\": [\"{artifact_path}/a-file-name-that-makes-the-path-longer-than-fifty-six.md\"],"
                + " \"validations\": []}");
        write(dir, "orchestration/workflows/one.yaml", "workflow: one\nversion: \"1\"\ngates:\n  - gate: G1\n    name: " + LONG_NAME
                + "\n    agent: " + LONG_AGENT + "\n    contract: orchestration/gates/contracts/one.G1.contract.json\n"
                + (exec == null ? "" : "    exec: \"" + exec + "\"\n    max_attempts: 2\n"));
        return cli;
    }

    static final String OUT = "out/o/a-file-name-that-makes-the-path-longer-than-fifty-six.md";

    // Point 10
    @Test
    void tables_keep_their_columns_apart_with_long_ids_names_agents_and_paths() throws IOException {
        OrunCli cli = oneGate(dir, null);
        String slug = "a-slug-long-enough-to-make-a-62-char-id-x";
        String id = cli.run("run", "start", "--workflow", "one", "--slug", slug, "--artifact-path", "out/o").assertExit(0).lastLine();
        assertTrue(id.length() > 62, id);
        OrunCli.Result list = cli.run("run", "list").assertExit(0);
        String row = list.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
        assertTrue(row.matches(java.util.regex.Pattern.quote(id) + "  +one  +RUNNING  +0/1  +\\S+"), list.describe());
        String header = list.out().lines().findFirst().orElseThrow();
        assertEquals(row.indexOf("one"), header.indexOf("WORKFLOW"), "the header stays over its column\n" + list.describe());

        OrunCli.Result before = cli.run("run", "show", id).assertExit(0);
        assertTrue(before.out().contains("  G1   NOT_STARTED  " + LONG_NAME), "two spaces after the longest status\n" + before.describe());

        write(dir, OUT, "x\n");
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        cli.run("invocation", "record", "--run", id, "--gate", "G1", "--agent", LONG_AGENT, "--status", "SUCCESS").assertExit(0);
        cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        OrunCli.Result show = cli.run("run", "show", id).assertExit(0);
        assertTrue(show.out().contains(LONG_NAME + "  "), show.describe());
        assertTrue(show.out().lines().anyMatch(l -> l.contains(LONG_AGENT + "  SUCCESS")), show.describe());
        assertTrue(show.out().lines().anyMatch(l -> l.matches("  " + java.util.regex.Pattern.quote(OUT) + "  +[0-9a-f]{12}  G1#1")), show.describe());
    }

    @Test
    void plurals_follow_the_count() throws IOException {
        OrunCli cli = oneGate(dir, "mkdir -p {artifact_path} && printf x > '" + OUT.replace("out/o", "{artifact_path}") + "'");
        OrunCli.Result r = cli.run("run", "one", "--slug", "p", "--artifact-path", "out/o").assertExit(0);
        assertTrue(r.out().contains("(1 gate passed;"), r.describe());
        // the one-byte output: the check and the artifacts list
        assertTrue(r.out().contains("exists (1 byte)") && r.out().contains(OUT + "  (1 byte)"), r.describe());
        String id = cli.run("run", "start", "--workflow", "one", "--slug", "q", "--artifact-path", "out/q").assertExit(0).lastLine();
        Path summary = dir.resolve("summary.md");
        OrunCli.Result verify = cli.env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString()).run("run", "verify", "--run", id).assertExit(0);
        assertTrue(verify.out().contains(" 1 event, hash chain intact") && verify.out().contains("verified 1 run: no problems"), verify.describe());
        assertTrue(Files.readString(summary).startsWith("### orun run verify: OK (1 run)\n"), Files.readString(summary));
    }

    @Test
    void a_report_that_cannot_be_written_still_leaves_the_verdict_printed() throws IOException {
        OrunCli cli = oneGate(dir, null);
        String id = cli.run("run", "start", "--workflow", "one", "--slug", "j", "--artifact-path", "out/o").assertExit(0).lastLine();
        write(dir, OUT, "x\n");
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        OrunCli.Result r = cli.run("gate", "finish", "--run", id, "--gate", "G1", "--junit-xml", "/proc/x.xml");
        assertEquals(1, r.exit(), r.describe());
        assertTrue(r.out().contains("PASS  G1"), r.describe());
        assertTrue(r.err().contains("/proc/x.xml"), r.describe());
        // why, in words; not the name of orun's temp file
        assertTrue(r.err().matches("(?s).*cannot write /proc/x.xml: (no such file or folder|permission denied|[a-z][^/]*).*") && !r.err().contains(".orun-tmp-"), r.describe());
        assertEquals("PASS", PipelineTest.record(dir, id).path("gates").get(0).path("status").asString());
    }

    // Point 8
    @Test
    void pipelines_write_junit_and_github_reports() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        Path summary = dir.resolve("summary.md");
        cli.env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", summary.toString());
        OrunCli.Result r = cli.run("run", "hello", "--slug", "ci", "--artifact-path", "out/ci", "--junit-xml", "report.xml").assertExit(0);
        String xml = Files.readString(dir.resolve("report.xml"));
        assertTrue(xml.contains("<testsuite") && xml.contains("G1") && xml.contains("G2") && xml.contains("failures=\"0\""), xml);
        assertTrue(Files.readString(summary).contains("orun run hello: PASSED"), Files.readString(summary));

        PipelineTest.manualWorkflow(dir);
        cli.env("CI", "true");
        cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m").assertExit(10);
        String id = PipelineTest.runs(dir).stream().filter(x -> x.contains("_m_")).findFirst().orElseThrow();
        // the paused step's summary says what to do next, and has no empty table
        String paused = Files.readString(summary);
        paused = paused.substring(paused.indexOf("### orun run manual: PAUSED"));
        assertTrue(paused.contains("Waiting for a person at gate G1 (prompt packet `orchestration/runs/" + id + "/logs/gates/G1/prompt.txt`)")
                && paused.contains("`orun run resume --run " + id + "`") && paused.contains("No checks ran in this step.")
                && !paused.contains("| check |"), paused);
        OrunCli.Result failed = cli.run("run", "resume", "--run", id, "--junit-xml", "resume.xml").assertExit(1);
        assertTrue(failed.out().contains("::error"), failed.describe());
        String rx = Files.readString(dir.resolve("resume.xml"));
        assertTrue(rx.contains("<failure") && rx.contains("NOTE.md"), rx);
    }

    // Point 14
    @Test
    void show_of_a_paused_run_says_where_the_packet_is_how_to_go_on_and_the_vars() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        PipelineTest.manualWorkflow(dir);
        cli.env("CI", "true");
        cli.run("run", "manual", "--slug", "m", "--artifact-path", "out/m", "--var", "lang=en", "--var", "tone=dry").assertExit(10);
        String id = onlyRun(dir);
        OrunCli.Result show = cli.run("run", "show", id).assertExit(0);
        assertTrue(show.out().contains("orchestration/runs/" + id + "/logs/gates/G1/prompt.txt"), show.describe());
        assertTrue(show.out().contains("orun run resume --run " + id), show.describe());
        assertTrue(show.out().contains("lang=en") && show.out().contains("tone=dry"), show.describe());
    }

    @Test
    void a_failed_attempt_that_orun_retries_itself_gets_no_retry_hint() throws IOException {
        OrunCli cli = oneGate(dir, "mkdir -p {artifact_path}; test -f retried && printf x > '" + OUT.replace("out/o", "{artifact_path}") + "'; touch retried; exit 0");
        OrunCli.Result r = cli.run("run", "one", "--slug", "r", "--artifact-path", "out/o").assertExit(0);
        assertTrue(r.out().contains("FAIL  G1") && r.out().contains("PASS  G1"), r.describe());
        assertFalse(r.out().contains("to retry: orun gate start"), r.describe());
    }

    @Test
    void a_failed_gate_finish_tells_how_to_retry_a_failed_run() throws IOException {
        OrunCli cli = oneGate(dir, null);
        String id = cli.run("run", "start", "--workflow", "one", "--slug", "f", "--artifact-path", "out/o").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        OrunCli.Result r = cli.run("gate", "finish", "--run", id, "--gate", "G1").assertExit(1);
        assertTrue(r.out().contains("orun gate start --reopen --run " + id + " --gate G1"), r.describe());
        JsonNode doc = Json.STRICT.readTree(cli.run("run", "show", id, "--json").out());
        assertEquals("FAILED", doc.path("status").asString());
    }
}
