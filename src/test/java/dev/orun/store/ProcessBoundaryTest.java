package dev.orun.store;

import dev.orun.cli.JavaProcesses;
import dev.orun.cli.OrunCli;
import dev.orun.run.EventChain;
import dev.orun.run.RunRecord;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What crosses a process boundary is tested across one: real JVMs writing one run at once, and killed mid-write. */
class ProcessBoundaryTest {
    @TempDir
    Path repo;

    @Test
    void sixteen_processes_recording_at_once_lose_no_update() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "crowd", "--artifact-path", "out/a").assertExit(0).lastLine();
        List<Process> procs = new ArrayList<>();
        List<File> outputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            File out = repo.resolve("proc-" + i + ".log").toFile();
            outputs.add(out);
            procs.add(JavaProcesses.orun(repo, out, "invocation", "record", "--run", id, "--gate", "G1",
                    "--agent", "agent-" + i, "--tokens-prompt", String.valueOf(i), "--lock-timeout", "120s"));
        }
        for (int i = 0; i < procs.size(); i++) {
            assertTrue(procs.get(i).waitFor(180, TimeUnit.SECONDS), "process " + i + " hung");
            assertEquals(0, procs.get(i).exitValue(), "process " + i + ": " + Files.readString(outputs.get(i).toPath()));
        }
        SchemaValidator schemas = new SchemaValidator();
        RunStore store = new RunStore(RootLocator.locate(repo, java.util.Map.of(), repo), schemas, java.time.Duration.ofSeconds(5));
        RunRecord run = store.read(id);
        Set<String> agents = new HashSet<>();
        run.invocations().forEach(inv -> agents.add(inv.agent()));
        assertEquals(16, run.invocations().size(), "every process's invocation is in RUN.json");
        assertEquals(16, agents.size());
        assertEquals(17, run.events().size());
        assertTrue(EventChain.verify(run.events()).isEmpty(), EventChain.verify(run.events()).toString());
    }

    /**
     * Issue 14: 16 mixed writers on one run (gate start, finish and fail, invocation record, run show), each a real
     * orun JVM, at the default --lock-timeout: none ends locked out (exit 6), and every writer's event is recorded.
     */
    @Test
    void sixteen_mixed_writers_on_one_run_all_finish_at_the_default_lock_timeout_and_lose_no_update() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        StringBuilder wf = new StringBuilder("workflow: mixed\ngates:\n");
        for (int g = 1; g <= 6; g++) {
            Files.writeString(repo.resolve("orchestration/gates/contracts/mixed.G" + g + ".contract.json"),
                    "{\"gate\": \"G" + g + "\", \"name\": \"Mixed G" + g + "\", \"blocking\": false,"
                            + " \"required_outputs\": [\"{artifact_path}/notes.md\"],"
                            + " \"validations\": [{\"type\": \"file_exists\", \"target\": \"all_required\"}]}\n");
            wf.append("  - gate: G").append(g).append("\n    contract: orchestration/gates/contracts/mixed.G").append(g)
                    .append(".contract.json\n");
        }
        Files.writeString(repo.resolve("orchestration/workflows/mixed.yaml"), wf.toString());
        Files.createDirectories(repo.resolve("out/mixed"));
        Files.writeString(repo.resolve("out/mixed/notes.md"), "three words here\n");
        String id = cli.run("run", "start", "--workflow", "mixed", "--slug", "mixed", "--artifact-path", "out/mixed").assertExit(0).lastLine();
        for (String g : List.of("G1", "G2", "G3")) {
            cli.run("gate", "start", "--run", id, "--gate", g).assertExit(0);
        }
        List<List<String>> writers = new ArrayList<>();
        writers.add(List.of("gate", "finish", "--gate", "G1"));
        writers.add(List.of("gate", "finish", "--gate", "G2"));
        writers.add(List.of("gate", "fail", "--gate", "G3", "--reason", "crowd"));
        for (String g : List.of("G4", "G5", "G6")) {
            writers.add(List.of("gate", "start", "--gate", g));
        }
        for (int i = 0; i < 6; i++) {
            writers.add(List.of("invocation", "record", "--gate", "G" + (1 + i % 3), "--agent", "agent-" + i));
        }
        for (int i = 0; i < 4; i++) {
            writers.add(List.of("run", "show"));
        }
        List<Process> procs = new ArrayList<>();
        List<File> outputs = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            File out = repo.resolve("mixed-" + i + ".log").toFile();
            outputs.add(out);
            List<String> args = new ArrayList<>(writers.get(i));
            args.add("--run");
            args.add(id);
            procs.add(JavaProcesses.orun(repo, out, args.toArray(String[]::new)));
        }
        for (int i = 0; i < procs.size(); i++) {
            assertTrue(procs.get(i).waitFor(180, TimeUnit.SECONDS), "process " + i + " hung");
            assertEquals(0, procs.get(i).exitValue(), writers.get(i) + ": " + Files.readString(outputs.get(i).toPath()));
        }
        RunStore store = new RunStore(RootLocator.locate(repo, java.util.Map.of(), repo), new SchemaValidator(), java.time.Duration.ofSeconds(5));
        RunRecord run = store.read(id);
        List<String> events = run.events().stream().map(e -> e.type() + " " + (e.gate() == null ? "" : e.gate())).toList();
        for (String expected : List.of("GATE_PASSED G1", "GATE_PASSED G2", "GATE_FAILED G3", "GATE_STARTED G4", "GATE_STARTED G5",
                "GATE_STARTED G6")) {
            assertTrue(events.contains(expected), expected + " is missing from " + events);
        }
        Set<String> agents = new HashSet<>();
        run.invocations().forEach(inv -> agents.add(inv.agent()));
        assertEquals(6, agents.size(), "every invocation is recorded: " + agents);
        assertEquals(1 + 3 + 12, run.events().size(), "one event per write: " + events);
        cli.run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void a_writer_killed_at_random_moments_never_leaves_a_broken_record() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "crash", "--artifact-path", "out/a").assertExit(0).lastLine();
        Path runJson = repo.resolve("orchestration/runs").resolve(id).resolve("record/RUN.json");
        SchemaValidator schemas = new SchemaValidator();
        Random random = new Random(42);
        int kills = 12;
        int previousCount = 0;
        for (int k = 0; k < kills; k++) {
            Process p = JavaProcesses.builder(repo, RecordLoop.class, repo.toString(), id).redirectErrorStream(true).start();
            BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream()));
            assertEquals("writing", reader.readLine(), "the writer started");
            Thread.sleep(50 + random.nextInt(400));
            p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
            p.waitFor(30, TimeUnit.SECONDS);

            byte[] bytes = Files.readAllBytes(runJson);
            JsonNode tree = Json.STRICT.readTree(bytes);
            assertTrue(schemas.validate(SchemaValidator.RUN, tree).isEmpty(), "kill " + k + " left an invalid record");
            RunRecord run = Json.STRICT.treeToValue(tree, RunRecord.class);
            assertTrue(EventChain.verify(run.events()).isEmpty(), "kill " + k + " broke the chain");
            assertTrue(run.invocations().size() >= previousCount, "no committed update lost");
            previousCount = run.invocations().size();
        }
        assertTrue(previousCount > kills, "the writers really wrote (" + previousCount + " invocations)");
        // Leftover temp files are never taken for records: list and show still see exactly one valid run.
        try (Stream<Path> s = Files.walk(repo.resolve("orchestration/runs"))) {
            s.filter(f -> f.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX))
                    .forEach(f -> assertTrue(f.getParent().endsWith("record"), "temp files stay beside the record: " + f));
        }
        OrunCli.Result list = cli.run("run", "list", "--json").assertExit(0);
        assertEquals(1, Json.STRICT.readTree(list.out()).get("runs").size(), list.describe());
        cli.run("run", "show", id).assertExit(0);
        cli.run("invocation", "record", "--run", id, "--agent", "after").assertExit(0);
        // The next write of the record removes what killed writers left (issue 12: they stayed for good).
        try (Stream<Path> s = Files.walk(repo.resolve("orchestration/runs").resolve(id).resolve("record"))) {
            List<Path> left = s.filter(f -> f.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX + "RUN.json")).toList();
            assertEquals(List.of(), left, "temp files of killed writers outlive the next write");
        }
    }
}
