package dev.orun.plan;

import dev.orun.cli.OrunCli;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.orun.plan.PlanTestSupport.json;
import static dev.orun.plan.PlanTestSupport.onlyRun;
import static dev.orun.plan.PlanTestSupport.record;
import static dev.orun.plan.PlanTestSupport.repoWithExamplePrd;
import static dev.orun.plan.PlanTestSupport.runDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manual provider end to end: packets out, a person's answers in, {@code orun plan resume} until the pack is done. */
class PlanManualTest {
    @TempDir
    Path dir;

    @Test
    void a_person_answers_every_packet_and_resume_finishes_the_pack() throws Exception {
        OrunCli cli = repoWithExamplePrd(dir);

        // no ANTHROPIC_API_KEY: manual is the default
        OrunCli.Result first = cli.run("plan", "--prd", "docs/example-prd.md").assertExit(10);
        Files.writeString(Path.of("target/example-plan-manual-out.txt"), first.out());

        String runId = onlyRun(dir);
        Path logs = runDir(dir, runId).resolve("logs/plan");
        assertTrue(first.out().contains("orchestration/runs/" + runId + "/logs/plan/01-core.attempt-1.answer.json"), first.describe());
        assertTrue(first.out().contains("orun plan resume --run " + runId), first.describe());
        String packet = Files.readString(logs.resolve("01-core.attempt-1.packet.md"));
        assertTrue(packet.contains("Independent physiotherapy and dental clinics"), packet);
        assertTrue(packet.contains(Json.pretty(new PackSchema().section(PlanSection.CORE))), packet);
        assertEquals(RunStatus.PAUSED, record(dir, runId).status());
        assertEquals("manual", record(dir, runId).vars().get("provider"));

        for (PlanSection s : PlanSection.values()) {
            Path answer = logs.resolve(s.fileStem() + ".attempt-1.answer.json");
            if (s == PlanSection.WORKFLOWS) {
                // a wrong answer first: the repair packet says what is wrong
                ObjectNode wrong = (ObjectNode) ModelStandIn.fixture("workflows").deepCopy();
                ((ObjectNode) wrong.at("/workflows/0")).remove("steps");
                Files.writeString(answer, Json.pretty(wrong));
                cli.run("plan", "resume", "--run", runId).assertExit(10);
                String repair = Files.readString(logs.resolve(s.fileStem() + ".attempt-2.packet.md"));
                assertTrue(repair.contains("- /workflows/0/steps: required property 'steps' not found"), repair);
                answer = logs.resolve(s.fileStem() + ".attempt-2.answer.json");
            }
            Files.writeString(answer, Json.pretty(ModelStandIn.fixture(s.id())));
            int expected = s == PlanSection.COVERAGE ? 0 : 10;
            OrunCli.Result r = cli.run("plan", "resume", "--run", runId).assertExit(expected);
            if (expected == 10) {
                assertTrue(Files.exists(logs.resolve(PlanSection.values()[s.ordinal() + 1].fileStem() + ".attempt-1.packet.md")), r.describe());
            }
        }

        RunRecord run = record(dir, runId);
        assertEquals(RunStatus.PASSED, run.status());
        assertEquals(runId, json(runDir(dir, runId).resolve("record/artifacts/architecture_pack.json")).get("run_id").asString());
        assertEquals(3, run.artifactsIndex().size());
        // one invocation per answer read, however often resume re-read it
        List<Invocation> invocations = run.invocations();
        assertEquals(10, invocations.size(), invocations.toString());
        assertTrue(invocations.stream().allMatch(i -> "manual".equals(i.provider())));
        assertEquals(1, invocations.stream().filter(i -> i.status() == InvocationStatus.FAIL).count());
        assertTrue(run.events().stream().anyMatch(e -> e.type().equals("RUN_RESUMED")));
    }

    @Test
    void a_prd_file_that_is_not_there_is_not_found_and_no_run_is_made() throws Exception {
        OrunCli cli = repoWithExamplePrd(dir);
        OrunCli.Result r = cli.run("plan", "--prd", "docs/no-such-prd.md", "--provider", "manual").assertExit(3);
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains("docs/no-such-prd.md does not exist: pass the path of a PRD file"),
                r.describe());
        org.junit.jupiter.api.Assertions.assertEquals("no runs", cli.run("run", "list").assertExit(0).out().strip());
    }

    @Test
    void resume_of_a_finished_plan_is_refused() throws Exception {
        OrunCli cli = repoWithExamplePrd(dir);
        cli.run("plan", "--prd", "docs/example-prd.md", "--provider", "manual").assertExit(10);
        String runId = onlyRun(dir);
        cli.run("run", "complete", "--run", runId, "--status", "CANCELED").assertExit(0);

        OrunCli.Result r = cli.run("plan", "resume", "--run", runId).assertExit(1);

        assertTrue(r.err().contains("is already CANCELED"), r.describe());
        assertFalse(Files.exists(runDir(dir, runId).resolve("record/artifacts")));
    }

    @Test
    void a_plan_stopped_by_a_disk_error_is_left_interrupted_not_running_and_resume_carries_on() throws Exception {
        OrunCli cli = repoWithExamplePrd(dir);
        cli.run("plan", "--prd", "docs/example-prd.md").assertExit(10);
        String runId = onlyRun(dir);
        Path logs = runDir(dir, runId).resolve("logs/plan");
        Files.writeString(logs.resolve(PlanSection.CORE.fileStem() + ".attempt-1.answer.json"),
                Json.pretty(ModelStandIn.fixture(PlanSection.CORE.id())));
        // The next packet cannot be written: a folder stands where the file goes.
        Path blocker = logs.resolve(PlanSection.values()[1].fileStem() + ".attempt-1.packet.md");
        Files.createDirectories(blocker.resolve("in-the-way"));

        OrunCli.Result broken = cli.run("plan", "resume", "--run", runId).assertExit(1);
        assertEquals(1, broken.err().strip().lines().count(), broken.describe());
        RunRecord run = record(dir, runId);
        assertEquals(RunStatus.INTERRUPTED, run.status(), "never left RUNNING");
        assertTrue(run.events().get(run.events().size() - 1).message().contains("orun plan resume --run " + runId));

        Files.delete(blocker.resolve("in-the-way"));
        Files.delete(blocker);
        cli.run("plan", "resume", "--run", runId).assertExit(10);
        assertEquals(RunStatus.PAUSED, record(dir, runId).status());
        assertTrue(Files.isRegularFile(blocker), "resume wrote the packet it could not write before");
    }
}
