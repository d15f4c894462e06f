package dev.orun.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the everyday read-only commands are fast for, checked in a real JVM by the classes it loads: --version,
 * run list and run show never build picocli's model, and run show of a record validated before loads neither
 * the schema validator nor Jackson's mapper or parser.
 */
class StartupClassesTest {
    @TempDir
    Path repo;
    @TempDir
    Path logs;

    private String id;

    @BeforeEach
    void aRunValidatedOnce() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        id = cli.run("run", "start", "--workflow", "hello", "--slug", "s", "--artifact-path", "out/a").assertExit(0).lastLine();
    }

    /** Runs orun in a child JVM and returns the names of the classes it loaded. */
    private List<String> loaded(String... args) throws Exception {
        File log = logs.resolve("classes-" + System.nanoTime() + ".txt").toFile();
        File out = logs.resolve("out-" + System.nanoTime() + ".txt").toFile();
        List<String> cmd = new ArrayList<>(JavaProcesses.builder(repo, Main.class, args).command());
        cmd.add(1, "-Xlog:class+load=info:file=" + log);
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(out).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "orun " + String.join(" ", args) + " finished");
        assertEquals(0, p.exitValue(), Files.readString(out.toPath()));
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log.toPath())) {
            String[] f = line.split(" ");
            if (f.length > 1) {
                names.add(f[1]);
            }
        }
        assertTrue(names.contains(Main.class.getName()), "the log names the classes loaded: " + names.size());
        return names;
    }

    @Test
    void version_list_and_show_build_no_picocli_model() throws Exception {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"run", "list"},
                new String[] {"run", "show", id}, new String[] {"run", "list", "--status", "RUNNING", "--json"})) {
            List<String> classes = loaded(args);
            assertFalse(classes.contains("picocli.CommandLine"), String.join(" ", args) + " loaded picocli.CommandLine");
            // no lambda (the first of a process starts java.lang.invoke: ~13 ms) and no regex (~5-10 ms more); --json
            // writes through Jackson's mapper, which runs both
            for (String heavy : List.of("java.lang.invoke.InnerClassLambdaMetafactory", "java.util.regex.Pattern")) {
                assertFalse(!List.of(args).contains("--json") && classes.contains(heavy), String.join(" ", args) + " loaded " + heavy);
            }
        }
        // and the full command line still loads it, so the check above can tell
        assertTrue(loaded("run", "list", "--help").contains("picocli.CommandLine"));
    }

    /** The everyday writes take the fast path too (issue 14): no picocli model, in a real JVM. */
    @Test
    void the_everyday_writes_build_no_picocli_model() throws Exception {
        Files.createDirectories(repo.resolve("out/a"));
        Files.writeString(repo.resolve("out/a/GREETING.md"), "# Hello\n\nHello.\n");
        String other = new OrunCli(repo).run("run", "start", "--workflow", "hello", "--slug", "o", "--artifact-path", "out/o")
                .assertExit(0).lastLine();
        List<String[]> writes = List.of(
                new String[] {"run", "start", "--workflow", "hello", "--slug", "w", "--artifact-path", "out/w", "--depth", "quick",
                        "--var", "k=v"},
                new String[] {"gate", "start", "--run", id, "--gate", "G1", "--agent", "a"},
                new String[] {"invocation", "record", "--run", id, "--gate", "G1", "--agent", "a", "--status", "success",
                        "--tokens-prompt", "3", "--cost-usd", "0.5"},
                new String[] {"gate", "finish", "--run", id, "--gate", "G1", "--offline"},
                new String[] {"gate", "start", "--run", id, "--gate", "G2"},
                new String[] {"gate", "fail", "--run", id, "--gate", "G2", "--reason", "r"},
                new String[] {"run", "complete", "--run", other, "--status", "CANCELED"});
        for (String[] args : writes) {
            List<String> classes = loaded(args);
            assertFalse(classes.contains("picocli.CommandLine"), String.join(" ", args) + " loaded picocli.CommandLine");
            assertFalse(classes.contains("picocli.CommandLine$Model$CommandSpec"), String.join(" ", args) + " built a model");
            // and no Jackson mapper, JDK security providers, java.time formatter or java.lang.management (issue 14)
            for (String heavy : List.of("tools.jackson.databind.ObjectMapper", "java.security.MessageDigest",
                    "java.time.format.DateTimeFormatter", "java.lang.management.ManagementFactory", "java.security.SecureRandom",
                    "dev.orun.gate.VizTechMatchCheck", // a check its contract does not name is not made
                    "org.snakeyaml.engine.v2.api.LoadSettings")) { // hello.yaml and orun.yaml parsed before: from the memo
                // (gate finish hashes its outputs with orun's own SHA-256 while they are under a MiB in all)
                assertFalse(classes.contains(heavy), String.join(" ", args) + " loaded " + heavy);
            }
            // and no lambda and no regex: the first lambda of a process starts java.lang.invoke (~13 ms), the first
            // regex ~5-10 ms more (a gate whose contract holds a pattern compiles it: hello's holds none)
            for (String heavy : List.of("java.lang.invoke.InnerClassLambdaMetafactory", "java.util.regex.Pattern")) {
                assertFalse(classes.contains(heavy), String.join(" ", args) + " loaded " + heavy);
            }
        }
    }

    @Test
    void show_of_a_record_validated_before_loads_no_validator_mapper_or_jackson_parser() throws Exception {
        List<String> classes = loaded("run", "show", id);
        for (String c : classes) {
            assertFalse(c.startsWith("com.networknt."), "loaded " + c);
            assertFalse(c.equals("tools.jackson.databind.json.JsonMapper"), "loaded " + c);
            assertFalse(c.equals("tools.jackson.core.json.JsonFactory"), "loaded " + c);
        }
        // without the memo the record is validated in full
        Path memo = repo.resolve("orchestration/runs/.cache/valid").resolve(id);
        Files.delete(memo);
        assertTrue(loaded("run", "show", id).stream().anyMatch(c -> c.startsWith("com.networknt.")));
        assertTrue(Files.exists(memo), "and remembered again");
    }

    @Test
    void list_after_a_write_rereads_the_changed_record_without_validator_or_mapper() throws Exception {
        OrunCli cli = new OrunCli(repo);
        cli.run("run", "list").assertExit(0);                       // the index holds the run as started
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);   // RUN.json changed: the index is stale
        List<String> classes = loaded("run", "list");
        for (String c : classes) {
            assertFalse(c.startsWith("com.networknt."), "loaded " + c);
            assertFalse(c.equals("tools.jackson.databind.json.JsonMapper"), "loaded " + c);
        }
        // bytes the memo does not know are validated in full, as before, and listed as they are now
        cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
        Files.delete(repo.resolve("orchestration/runs/.cache/valid").resolve(id));
        assertTrue(loaded("run", "list").stream().anyMatch(c -> c.startsWith("com.networknt.")));
        assertTrue(cli.run("run", "list", "--json").assertExit(0).out().contains("\"status\": \"CANCELED\""));
    }
}
