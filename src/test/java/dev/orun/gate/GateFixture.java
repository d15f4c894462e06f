package dev.orun.gate;

import dev.orun.cli.OrunCli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A repository with a one-gate workflow "t" whose contract a test writes, and a run of it. */
final class GateFixture {
    final OrunCli cli;
    final Path dir;
    String runId;

    GateFixture(Path dir) {
        this.dir = dir;
        this.cli = OrunCli.initialisedRepo(dir);
        write("orchestration/workflows/t.yaml", """
                workflow: t
                version: "1"
                gates:
                  - gate: G1
                    name: Test gate
                    agent: tester
                    contract: orchestration/gates/contracts/t.G1.contract.json
                """);
    }

    /** Writes the contract with the given validations (a JSON array) over outputs (a JSON required_outputs value). */
    GateFixture contract(String requiredOutputs, String validations) {
        write("orchestration/gates/contracts/t.G1.contract.json", "{\"gate\": \"G1\", \"name\": \"Test gate\", \"blocking\": true,"
                + " \"required_outputs\": " + requiredOutputs + ", \"validations\": " + validations + "}");
        return this;
    }

    GateFixture start(String depth, String... extra) {
        String[] args = new String[]{"run", "start", "--workflow", "t", "--slug", "demo", "--artifact-path", "out/demo", "--depth", depth};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        runId = cli.run(all).assertExit(0).lastLine();
        cli.run("gate", "start", "--run", runId, "--gate", "G1").assertExit(0);
        return this;
    }

    OrunCli.Result finish() {
        return cli.run("gate", "finish", "--run", runId, "--gate", "G1");
    }

    Path write(String rel, String content) {
        return new Writer(dir).write(rel, content);
    }

    /** Writes files under a folder, creating parents. */
    record Writer(Path dir) {
        Path write(String rel, String content) {
            Path p = dir.resolve(rel);
            try {
                Files.createDirectories(p.getParent());
                Files.writeString(p, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        }
    }
}
