package dev.orun.observe;

import dev.orun.cli.JavaProcesses;
import dev.orun.schema.Json;
import dev.orun.store.RunLease;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A repository with a one-gate workflow whose agent runs until told to stop, driven by a real orun child JVM. */
final class AgentProcessFixture {
    private final Path dir;

    AgentProcessFixture(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes workflow {@code slow}: its agent prints a line, then (unless {@code out/s/go} exists, when it writes
     * the gate's output) sleeps; with {@code ignoreTerm} it and its sleep ignore SIGTERM.
     */
    void slowWorkflow(boolean ignoreTerm) throws IOException {
        write("orchestration/gates/contracts/slow.G1.contract.json", """
                {"gate": "G1", "blocking": true, "required_outputs": ["{artifact_path}/GREETING.md"], "validations": []}
                """);
        write("orchestration/workflows/slow.yaml", """
                workflow: slow
                gates:
                  - gate: G1
                    agent: sleeper
                    contract: orchestration/gates/contracts/slow.G1.contract.json
                    exec: "mkdir -p {artifact_path}; if [ -f {artifact_path}/go ]; then echo hi > {artifact_path}/GREETING.md; else %s echo agent-started; sleep 60; echo agent-done; fi"
                """.formatted(ignoreTerm ? "trap '' TERM;" : ""));
    }

    void write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    Process start(File output, String... args) throws IOException {
        return JavaProcesses.orun(dir, output, args);
    }

    /** Waits until the only run's lease names a live agent pid; returns the run id. */
    String awaitAgent(Process orun, File output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> ids = runs();
            if (ids.size() == 1) {
                RunLease lease = lease(ids.get(0));
                if (lease != null && lease.agentPid() != null && ProcessHandle.of(lease.agentPid()).isPresent()
                        && log(ids.get(0)).contains("agent-started")) {
                    return ids.get(0);
                }
            }
            if (!orun.isAlive()) {
                throw new AssertionError("the child orun ended early: " + Files.readString(output.toPath()));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the child orun never started its agent: " + Files.readString(output.toPath()));
    }

    List<String> runs() throws IOException {
        Path runs = dir.resolve("orchestration/runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run_"))
                    .filter(n -> Files.exists(runs.resolve(n).resolve("record/RUN.json"))).sorted().toList();
        }
    }

    Path leaseFile(String id) {
        return dir.resolve("orchestration/runs/" + id + "/logs/lease.json");
    }

    RunLease lease(String id) {
        try {
            return Json.LENIENT.readValue(Files.readAllBytes(leaseFile(id)), RunLease.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The output logs of the run's invocations, concatenated. */
    String log(String id) throws IOException {
        Path inv = dir.resolve("orchestration/runs/" + id + "/logs/invocations");
        if (!Files.isDirectory(inv)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(inv)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("output.log")).toList()) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    JsonNode record(String id) throws IOException {
        return Json.STRICT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
    }
}
