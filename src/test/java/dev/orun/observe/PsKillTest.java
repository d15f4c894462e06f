package dev.orun.observe;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import dev.orun.store.RunLease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** orun ps and orun kill against a real orun child JVM driving a real agent process tree. */
class PsKillTest {
    @TempDir
    Path dir;

    @Test
    void ps_shows_the_running_agent_and_kill_from_a_second_shell_sigkills_a_tree_that_ignores_sigterm() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        fx.slowWorkflow(true);
        File output = dir.resolve("orun-child.log").toFile();
        Process orun = fx.start(output, "run", "slow", "--slug", "s", "--artifact-path", "out/s");
        List<ProcessHandle> tree = List.of();
        try {
            String id = fx.awaitAgent(orun, output);
            RunLease lease = fx.lease(id);
            ProcessHandle agent = ProcessHandle.of(lease.agentPid()).orElseThrow();
            tree = java.util.stream.Stream.concat(java.util.stream.Stream.of(agent), agent.descendants()).toList();
            assertTrue(tree.size() >= 2, "sh and its sleep: " + tree);

            OrunCli.Result ps = cli.run("ps").assertExit(0);
            assertTrue(ps.out().contains(id) && ps.out().contains("sleeper") && ps.out().contains(String.valueOf(lease.agentPid()))
                    && ps.out().contains("RUNNING") && ps.out().contains(RunLease.currentHost()), ps.describe());
            JsonNode psJson = Json.STRICT.readTree(cli.run("ps", "--json").assertExit(0).out());
            JsonNode row = psJson.path("invocations").get(0);
            assertEquals(id, row.path("run_id").asString());
            assertEquals("G1", row.path("gate").asString());
            assertEquals(1, row.path("attempt").asInt());
            assertEquals(lease.agentPid().longValue(), row.path("pid").asLong());
            assertEquals(orun.pid(), row.path("orun_pid").asLong());
            assertEquals("RUNNING", row.path("status").asString());

            long t0 = System.nanoTime();
            OrunCli.Result kill = cli.env("USER", "alice").run("kill", "--run", id, "--gate", "G1", "--reason", "stuck in a loop",
                    "--grace", "700ms").assertExit(0);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(kill.out().contains("SIGKILL after 700ms"), kill.describe());
            assertTrue(tookMs >= 700, "SIGKILL only after the grace period: " + tookMs + " ms");
            for (ProcessHandle h : tree) {
                assertFalse(h.isAlive(), "every process of the agent's tree is gone: " + h.pid());
            }

            assertTrue(orun.waitFor(30, TimeUnit.SECONDS), "the pipeline stops once its agent is killed");
            String childOut = Files.readString(output.toPath());
            assertEquals(1, orun.exitValue(), childOut);
            assertTrue(childOut.contains("ended from outside") && childOut.contains("stuck in a loop"), childOut);
            assertFalse(childOut.contains("agent-done"), childOut);

            JsonNode run = fx.record(id);
            assertEquals("INTERRUPTED", run.path("status").asString(), run.toString());
            JsonNode inv = run.path("invocations").get(0);
            assertEquals("FAIL", inv.path("status").asString());
            assertEquals(137, inv.path("exit_code").asInt(), "ended by SIGKILL");
            assertNotNull(inv.path("finished_at").asString(null));
            String reason = inv.path("reason").asString();
            assertEquals("killed with orun kill: stuck in a loop", reason, "no user or host in the committed record (DESIGN §4)");
            String record = Files.readString(dir.resolve("orchestration/runs/" + id + "/record/RUN.json"));
            assertFalse(record.contains("alice") || record.contains(" on " + RunLease.currentHost()), record);
            JsonNode who = Json.STRICT.readTree(Files.readAllLines(dir.resolve("orchestration/runs/" + id + "/logs/kills.jsonl")).get(0));
            assertEquals("alice", who.path("user").asString());
            assertEquals(RunLease.currentHost(), who.path("host").asString());
            assertEquals("stuck in a loop", who.path("reason").asString());
            assertEquals("SIGKILL", who.path("signal").asString());
            JsonNode attempt = run.path("gates").get(0).path("attempts").get(0);
            assertEquals("FAIL", attempt.path("status").asString());
            assertEquals(reason, attempt.path("failure_reason").asString());
            assertFalse(Files.exists(fx.leaseFile(id)), "the driver gave its lease back");

            assertTrue(cli.run("ps").assertExit(0).out().contains("no agent is running"));
            OrunCli.Result all = cli.run("ps", "--all").assertExit(0);
            assertTrue(all.out().contains(id) && all.out().contains("FAIL") && all.out().contains("stuck in a loop"), all.describe());
            cli.run("run", "verify", "--run", id).assertExit(0);

            Files.writeString(dir.resolve("out/s/go"), "");
            OrunCli.Result resume = cli.run("run", "resume", "--run", id);
            resume.assertExit(0);
            run = fx.record(id);
            assertEquals("PASSED", run.path("status").asString());
            assertEquals(2, run.path("gates").get(0).path("attempts").size(), "resume started the killed gate again");
        } finally {
            orun.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void kill_of_gate_exec_ends_a_cooperative_agent_with_sigterm_and_records_exit_143() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        File output = dir.resolve("orun-child.log").toFile();
        Process orun = fx.start(output, "gate", "exec", "--run", id, "--gate", "G1", "--agent", "writer", "--",
                "sh", "-c", "echo agent-started; sleep 60");
        try {
            fx.awaitAgent(orun, output);
            OrunCli.Result kill = cli.run("kill", "--run", id, "--json").assertExit(0);
            JsonNode doc = Json.STRICT.readTree(kill.out());
            assertEquals("SIGTERM", doc.path("signal").asString(), kill.describe());
            assertEquals("INTERRUPTED", doc.path("run_status").asString());
            assertEquals(143, doc.path("invocation").path("exit_code").asInt());
            assertTrue(doc.path("invocation").path("reason").asString().endsWith(": Killed by user"), kill.describe());
            assertTrue(orun.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, orun.exitValue(), Files.readString(output.toPath()));
            assertEquals("FAIL", fx.record(id).path("gates").get(0).path("status").asString());
        } finally {
            orun.destroyForcibly();
        }
    }

    @Test
    void kill_ends_the_whole_process_group_an_agent_leads_even_a_process_that_left_its_tree() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        File output = dir.resolve("orun-child.log").toFile();
        Process orun = fx.start(output, "gate", "exec", "--run", id, "--gate", "G1", "--agent", "daemoniser", "--",
                "setsid", "sh", "-c", "trap '' TERM; (sleep 61 &); echo agent-started; sleep 60");
        List<ProcessHandle> group = List.of();
        try {
            fx.awaitAgent(orun, output);
            long leader = fx.lease(id).agentPid();
            group = AgentProcesses.groupLedBy(leader);
            ProcessHandle agent = ProcessHandle.of(leader).orElseThrow();
            List<Long> tree = agent.descendants().map(ProcessHandle::pid).toList();
            List<ProcessHandle> escaped = group.stream().filter(h -> h.pid() != leader && !tree.contains(h.pid())).toList();
            assertEquals(1, escaped.size(), "the double-forked sleep left the agent's tree but not its group: " + group);

            OrunCli.Result kill = cli.run("kill", "--run", id, "--grace", "300ms").assertExit(0);
            assertTrue(kill.out().contains("SIGKILL"), kill.describe());
            for (ProcessHandle h : group) {
                assertFalse(h.isAlive(), "process " + h.pid() + " of the agent's group is gone");
            }
            assertTrue(AgentProcesses.groupLedBy(leader).isEmpty());
            assertTrue(orun.waitFor(30, TimeUnit.SECONDS));
        } finally {
            orun.destroyForcibly();
            group.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void kill_refuses_a_lease_held_on_another_host_and_names_it() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        Files.createDirectories(fx.leaseFile(id).getParent());
        Files.write(fx.leaseFile(id), Json.prettyBytes(new RunLease(4242, "build-box-7", null, "2026-01-01T00:00:00.000Z",
                "orun gate exec", "G1", 1, "inv_x", 4343L)));
        OrunCli.Result r = cli.run("kill", "--run", id).assertExit(1);
        assertTrue(r.err().contains("runs on host build-box-7") && r.err().contains("agent pid 4343"), r.describe());
        assertTrue(Files.exists(fx.leaseFile(id)), "another host's lease is left alone");
        assertEquals("RUNNING", fx.record(id).path("status").asString());
    }

    @Test
    void kill_with_another_gate_than_the_running_one_is_exit_3_and_touches_nothing() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        Files.createDirectories(fx.leaseFile(id).getParent());
        Files.write(fx.leaseFile(id), Json.prettyBytes(new RunLease(ProcessHandle.current().pid(), RunLease.currentHost(), null,
                "2026-01-01T00:00:00.000Z", "orun gate exec", "G1", 1, "inv_x", null)));
        OrunCli.Result r = cli.run("kill", "--run", id, "--gate", "G2").assertExit(3);
        assertTrue(r.err().contains("runs an agent for gate G1, not G2"), r.describe());
        assertEquals("RUNNING", fx.record(id).path("status").asString());
    }

    @Test
    void kill_with_nothing_running_says_so() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        OrunCli.Result r = cli.run("kill", "--run", id).assertExit(1);
        assertTrue(r.err().contains("has no agent running"), r.describe());
    }

    @Test
    void ps_shows_a_run_whose_orun_died_as_interrupted_and_persists_it() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        AgentProcessFixture fx = new AgentProcessFixture(dir);
        fx.slowWorkflow(false);
        File output = dir.resolve("orun-child.log").toFile();
        Process orun = fx.start(output, "run", "slow", "--slug", "s", "--artifact-path", "out/s");
        List<ProcessHandle> agents = List.of();
        String id;
        try {
            id = fx.awaitAgent(orun, output);
            agents = orun.descendants().toList();
            orun.destroyForcibly();
            assertTrue(orun.waitFor(20, TimeUnit.SECONDS));
        } finally {
            orun.destroyForcibly();
            agents.forEach(ProcessHandle::destroyForcibly);
        }
        assertEquals("RUNNING", fx.record(id).path("status").asString(), "nothing has read the run yet");
        OrunCli.Result ps = cli.run("ps", "--all").assertExit(0);
        assertTrue(ps.out().contains(id) && ps.out().contains("INTERRUPTED"), ps.describe());
        assertFalse(ps.out().contains("RUNNING"), ps.describe());
        JsonNode run = fx.record(id);
        assertEquals("INTERRUPTED", run.path("status").asString());
        assertEquals("INTERRUPTED", run.path("invocations").get(0).path("status").asString());
    }
}
