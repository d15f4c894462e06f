package dev.orun.cli;

import dev.orun.schema.Json;
import dev.orun.store.RunLease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.orun.cli.PipelineTest.events;
import static dev.orun.cli.PipelineTest.record;
import static dev.orun.cli.PipelineTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gate exec with real child processes, timeouts, leases, and a real orun killed with SIGKILL mid-exec. */
class GateExecTest {
    @TempDir
    Path dir;

    private String startHello(OrunCli cli) {
        return cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
    }

    private static JsonNode invocation(JsonNode run, int i) {
        return run.path("invocations").get(i);
    }

    @Test
    void gate_exec_streams_agent_output_to_the_terminal_and_the_log_records_the_exit_and_finishes_the_gate() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = startHello(cli);
        OrunCli.Result r = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "writer", "--",
                "sh", "-c", "head -1 {prompt_file}; echo to-err >&2; mkdir -p {artifact_path}; printf '# Hello\\n' > {artifact_path}/GREETING.md; echo slug={slug} run={run_id}")
                .assertExit(0);
        assertTrue(r.out().contains("# orun prompt packet: gate G1"), "{prompt_file} names the packet" + r.describe());
        assertTrue(r.out().contains("slug=demo run=" + id), r.describe());
        assertTrue(r.err().contains("to-err"), r.describe());
        assertTrue(r.out().contains("PASS  G1"), r.describe());

        JsonNode run = record(dir, id);
        JsonNode inv = invocation(run, 0);
        assertEquals("SUCCESS", inv.path("status").asString());
        assertEquals("writer", inv.path("agent").asString());
        assertEquals(0, inv.path("exit_code").asInt());
        assertTrue(inv.path("duration_ms").asLong() >= 0 && inv.hasNonNull("finished_at"));
        String log = Files.readString(dir.resolve("orchestration/runs/" + id + "/logs/invocations/" + inv.path("invocation_id").asString() + "/output.log"));
        assertTrue(log.contains("# orun prompt packet") && log.contains("to-err") && log.contains("slug=demo"), log);
        JsonNode g1 = run.path("gates").get(0);
        assertEquals("PASS", g1.path("status").asString());
        assertEquals(List.of(inv.path("invocation_id").asString()),
                g1.path("attempts").get(0).path("invocation_ids").valueStream().map(JsonNode::asString).toList());
        assertTrue(g1.path("attempts").get(0).hasNonNull("prompt_sha256"));
        assertFalse(Files.exists(dir.resolve("orchestration/runs/" + id + "/logs/lease.json")));
    }

    @Test
    void a_failing_agent_is_recorded_with_its_exit_code_and_a_later_exec_joins_the_running_attempt() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = startHello(cli);
        cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "a", "--no-finish", "--", "sh", "-c", "exit 3").assertExit(1);
        JsonNode run = record(dir, id);
        assertEquals("FAIL", invocation(run, 0).path("status").asString());
        assertEquals(3, invocation(run, 0).path("exit_code").asInt());
        assertEquals("exited 3", invocation(run, 0).path("reason").asString());
        assertEquals("RUNNING", run.path("gates").get(0).path("status").asString(), "--no-finish leaves the gate running");

        OrunCli.Result r = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "b", "--json", "--",
                "sh", "-c", "mkdir -p out/demo && printf '# Hello\\n' > out/demo/GREETING.md && echo agent-says-hi").assertExit(0);
        JsonNode doc = Json.STRICT.readTree(r.out());
        assertTrue(doc.path("joined").asBoolean(), r.describe());
        assertTrue(r.err().contains("agent-says-hi"), "with --json the agent's stdout goes to stderr" + r.describe());
        run = record(dir, id);
        JsonNode attempts = run.path("gates").get(0).path("attempts");
        assertEquals(1, attempts.size());
        assertEquals(2, attempts.get(0).path("invocation_ids").size());
        assertEquals("PASS", attempts.get(0).path("status").asString());
    }

    @Test
    void a_timeout_kills_the_agent_and_its_children_and_records_fail_with_the_reason() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = startHello(cli);
        Files.createDirectories(dir.resolve("out"));
        OrunCli.Result r = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "sleepy", "--timeout", "1s", "--",
                "sh", "-c", "sleep 60 & echo $! > out/child.pid; sleep 60; echo done > out/agent-finished").assertExit(1);
        // Had orun waited for the agent instead of killing it, the agent would have written this file.
        assertFalse(Files.exists(dir.resolve("out/agent-finished")), "orun did not wait for the agent" + r.describe());
        long child = Long.parseLong(Files.readString(dir.resolve("out/child.pid")).strip());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the agent's child was killed too");
        JsonNode run = record(dir, id);
        JsonNode inv = invocation(run, 0);
        assertEquals("FAIL", inv.path("status").asString());
        assertTrue(inv.path("reason").asString().startsWith("timed out after 1s; orun killed the agent and its 2 child processes"), inv.toString());
        JsonNode attempt = run.path("gates").get(0).path("attempts").get(0);
        assertEquals("FAIL", attempt.path("status").asString());
        assertTrue(attempt.path("failure_reason").asString().contains("timed out after 1s"), attempt.toString());
        assertEquals("FAILED", run.path("status").asString());
    }

    @Test
    void gate_exec_refuses_a_run_driven_by_another_live_process() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = startHello(cli);
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            lease(id, new RunLease(other.pid(), RunLease.currentHost(), null, "2026-01-01T00:00:00.000Z", "orun run hello", "G1", 1, null, null));
            OrunCli.Result r = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "a", "--", "true").assertExit(6);
            assertTrue(r.err().contains("being driven by orun pid " + other.pid()), r.describe());
            assertEquals("RUNNING", record(dir, id).path("status").asString(), "a live holder is never taken for dead");
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void a_lease_of_a_dead_process_is_found_on_the_next_read_and_the_run_persisted_interrupted() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = startHello(cli);
        OrunCli.leaseOfDeadDriver(dir, id, null, null);
        OrunCli.Result r = cli.run("run", "list").assertExit(0);
        assertTrue(r.out().contains("INTERRUPTED"), r.describe());
        JsonNode run = record(dir, id);
        assertEquals("INTERRUPTED", run.path("status").asString());
        assertTrue(run.path("finished_at").isNull(), "INTERRUPTED resumes: it has not finished");
        assertTrue(events(run).contains("RUN_INTERRUPTED"));
        assertFalse(Files.exists(leaseFile(id)));
    }

    @Test
    void a_lease_from_another_host_is_left_alone() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = startHello(cli);
        lease(id, new RunLease(1, "some-other-host", null, "2026-01-01T00:00:00.000Z", "orun run hello", null, null, null, null));
        cli.run("run", "show", id).assertExit(0);
        assertEquals("RUNNING", record(dir, id).path("status").asString());
        assertTrue(Files.exists(leaseFile(id)));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a net for a hung child, not a bound on speed
    void orun_killed_with_sigkill_mid_exec_leaves_a_run_the_next_show_persists_as_interrupted_and_resume_restarts() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        write(dir, "orchestration/gates/contracts/slow.G1.contract.json", """
                {"gate": "G1", "blocking": true, "required_outputs": ["{artifact_path}/GREETING.md"], "validations": []}
                """);
        write(dir, "orchestration/workflows/slow.yaml", """
                workflow: slow
                gates:
                  - gate: G1
                    agent: sleeper
                    contract: orchestration/gates/contracts/slow.G1.contract.json
                    exec: "mkdir -p {artifact_path}; if [ -f {artifact_path}/go ]; then echo hi > {artifact_path}/GREETING.md; else sleep 30; fi"
                """);
        File output = dir.resolve("orun-child.log").toFile();
        Process orun = JavaProcesses.orun(dir, output, "run", "slow", "--slug", "s", "--artifact-path", "out/s");
        String id = null;
        List<ProcessHandle> agents = List.of();
        try {
            // The handshake: the lease names the running invocation and the agent's pid (written once the agent
            // started). The wait has no bound that load can break: it ends when the child orun dies.
            RunLease lease = null;
            while (orun.isAlive()) {
                List<String> ids = Files.isDirectory(dir.resolve("orchestration/runs")) ? PipelineTest.runs(dir) : List.of();
                if (ids.size() == 1 && Files.exists(leaseFile(ids.get(0)))) {
                    lease = readLease(ids.get(0));
                    if (lease != null && lease.invocationId() != null && lease.agentPid() != null
                            && ProcessHandle.of(lease.agentPid()).isPresent()) {
                        id = ids.get(0);
                        break;
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(id != null, "the child orun ended before it started its agent: " + Files.readString(output.toPath()));
            orun.destroyForcibly(); // SIGKILL: no shutdown hook runs
            orun.waitFor();
            agents = ProcessHandle.of(lease.agentPid()).stream().toList();
        } finally {
            orun.destroyForcibly();
        }
        assertEquals("RUNNING", record(dir, id).path("status").asString(), "nothing has read the run yet");

        OrunCli.Result show = cli.run("run", "show", "--run", id).assertExit(0);
        assertTrue(show.out().contains("status    INTERRUPTED"), show.describe());
        JsonNode run = record(dir, id);
        assertEquals("INTERRUPTED", run.path("status").asString());
        assertTrue(run.path("finished_at").isNull(), "INTERRUPTED resumes: it has not finished");
        JsonNode inv = invocation(run, 0);
        assertEquals("INTERRUPTED", inv.path("status").asString());
        assertTrue(inv.path("reason").asString().contains("no longer exists"), inv.toString());
        assertTrue(inv.hasNonNull("finished_at"));
        assertTrue(events(run).contains("RUN_INTERRUPTED"));
        assertFalse(Files.exists(leaseFile(id)));

        Files.createDirectories(dir.resolve("out/s")); // the agent may have been killed before its mkdir
        Files.writeString(dir.resolve("out/s/go"), "");
        cli.run("run", "resume", "--run", id).assertExit(0);
        run = record(dir, id);
        assertEquals("PASSED", run.path("status").asString());
        JsonNode attempts = run.path("gates").get(0).path("attempts");
        assertEquals(2, attempts.size());
        assertTrue(attempts.get(0).path("failure_reason").asString().startsWith("interrupted"), attempts.toString());
        assertEquals("PASS", attempts.get(1).path("status").asString());
        cli.run("run", "verify", "--run", id).assertExit(0);
        agents.forEach(ProcessHandle::destroyForcibly);
    }

    /** The lease as the child orun last wrote it; null while it is being replaced. */
    private RunLease readLease(String id) {
        try {
            return Json.LENIENT.readValue(Files.readAllBytes(leaseFile(id)), RunLease.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Path leaseFile(String id) {
        return dir.resolve("orchestration/runs/" + id + "/logs/lease.json");
    }

    private void lease(String id, RunLease lease) throws IOException {
        Files.createDirectories(leaseFile(id).getParent());
        Files.write(leaseFile(id), Json.prettyBytes(lease));
    }
}
