package dev.orun.store;

import dev.orun.cli.JavaProcesses;
import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunIndexTest {
    @TempDir
    Path repo;

    private OrunCli cli;

    private String start(String slug) {
        return cli.run("run", "start", "--workflow", "hello", "--slug", slug, "--artifact-path", "out/a").assertExit(0).lastLine();
    }

    private List<String> listed(String... filters) {
        List<String> args = new ArrayList<>(List.of("run", "list", "--json"));
        args.addAll(List.of(filters));
        OrunCli.Result r = cli.run(args.toArray(String[]::new)).assertExit(0);
        List<String> ids = new ArrayList<>();
        Json.STRICT.readTree(r.out()).get("runs").forEach(n -> ids.add(n.get("run_id").asString() + ":" + n.get("status").asString()));
        return ids;
    }

    private RunIndex index() {
        return new RunIndex(new RunStore(RootLocator.locate(repo, Map.of(), repo), new SchemaValidator(), Duration.ofSeconds(5)));
    }

    @Test
    void runs_added_changed_or_deleted_behind_orus_back_show_correctly_in_the_next_list() throws Exception {
        cli = OrunCli.initialisedRepo(repo);
        String a = start("a");
        String b = start("b");
        assertEquals(List.of(b + ":RUNNING", a + ":RUNNING"), listed());
        assertTrue(Files.isRegularFile(index().file()), "the index is written under runs/.cache");
        assertEquals(List.of(a, b), index().indexedIds());

        // changed behind orun's back (e.g. git pull), same size or not
        Path aJson = repo.resolve("orchestration/runs").resolve(a).resolve("record/RUN.json");
        Files.writeString(aJson, Files.readString(aJson).replace("\"RUNNING\"", "\"PAUSED\""));
        // added by copying another run's folder (e.g. a merge)
        String c = "run_20300101T000000000Z_c_cccccc";
        Path cDir = repo.resolve("orchestration/runs").resolve(c).resolve("record");
        Files.createDirectories(cDir);
        Files.writeString(cDir.resolve("RUN.json"), Files.readString(aJson).replace(a, c));
        // deleted
        deleteTree(repo.resolve("orchestration/runs").resolve(b));

        assertEquals(List.of(c + ":PAUSED", a + ":PAUSED"), listed());
        assertEquals(List.of(a, c), index().indexedIds());
        assertEquals(List.of(a + ":PAUSED"), listed("--grep", a.substring(a.length() - 6)));
    }

    @Test
    void a_run_changed_behind_orus_back_shows_changed_when_no_run_was_added_or_removed() throws Exception {
        cli = OrunCli.initialisedRepo(repo);
        String a = start("a");
        String b = start("b");
        assertEquals(List.of(b + ":RUNNING", a + ":RUNNING"), listed());
        Path aJson = repo.resolve("orchestration/runs").resolve(a).resolve("record/RUN.json");
        Files.writeString(aJson, Files.readString(aJson).replace("\"RUNNING\"", "\"PAUSED\""));
        assertEquals(List.of(b + ":RUNNING", a + ":PAUSED"), listed());
        assertEquals(List.of(b + ":RUNNING", a + ":PAUSED"), listed());
    }

    @Test
    void a_corrupt_index_is_rebuilt_transparently() throws Exception {
        cli = OrunCli.initialisedRepo(repo);
        String a = start("a");
        listed();
        Files.writeString(index().file(), RunIndex.HEADER + "\nthis line is garbage\n");
        assertEquals(List.of(a + ":RUNNING"), listed());
        Files.write(index().file(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(List.of(a + ":RUNNING"), listed());
        assertEquals(List.of(a), index().indexedIds());
        String idx = Files.readString(index().file());
        assertTrue(idx.startsWith(RunIndex.HEADER + "\n") && idx.contains(a), idx);
    }

    @Test
    void an_index_out_of_order_is_rebuilt_not_trusted_for_the_order() throws Exception {
        cli = OrunCli.initialisedRepo(repo);
        String a = start("a");
        String b = start("b");
        assertEquals(List.of(b + ":RUNNING", a + ":RUNNING"), listed());
        // Every line valid, every stamp right, but the lines swapped: a list taking the index's order would print
        // the older run first.
        List<String> lines = new ArrayList<>(Files.readAllLines(index().file()));
        assertEquals(3, lines.size(), lines.toString());
        java.util.Collections.swap(lines, 1, 2);
        Files.write(index().file(), lines);
        assertEquals(List.of(b + ":RUNNING", a + ":RUNNING"), listed());
        assertEquals(List.of(a, b), index().indexedIds(), "rebuilt");
        assertTrue(Files.readAllLines(index().file()).get(1).startsWith(b + "\t"), "rewritten newest first");
    }

    @Test
    void the_index_is_gitignored() {
        cli = OrunCli.initialisedRepo(repo);
        start("a");
        listed();
        String out = OrunCli.git(repo, "check-ignore", "orchestration/runs/.cache/run-index.tsv");
        assertTrue(out.contains("run-index.tsv"), out);
    }

    @Test
    void two_processes_listing_while_a_third_writes_never_see_a_torn_index() throws Exception {
        cli = OrunCli.initialisedRepo(repo);
        // 300 runs, so the index file is big enough (~70 KiB) that a write in place would be seen half done.
        String first = start("r0");
        String firstJson = Files.readString(repo.resolve("orchestration/runs").resolve(first).resolve("record/RUN.json"));
        for (int i = 1; i < 300; i++) {
            String copy = first.substring(0, first.length() - 6) + String.format("c%05d", i);
            Path rec = repo.resolve("orchestration/runs").resolve(copy).resolve("record");
            Files.createDirectories(rec);
            Files.writeString(rec.resolve("RUN.json"), firstJson.replace(first, copy));
        }
        String id = start("busy");
        Process writer = JavaProcesses.builder(repo, RecordLoop.class, repo.toString(), id).redirectErrorStream(true).start();
        List<Process> listers = new ArrayList<>();
        List<File> logs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                File log = repo.resolve("lister-" + i + ".log").toFile();
                logs.add(log);
                listers.add(JavaProcesses.builder(repo, ListLoop.class, repo.toString(), "301", "150")
                        .redirectErrorStream(true).redirectOutput(log).start());
            }
            for (int i = 0; i < listers.size(); i++) {
                assertTrue(listers.get(i).waitFor(120, TimeUnit.SECONDS), "lister hung");
                assertEquals(0, listers.get(i).exitValue(), Files.readString(logs.get(i).toPath()));
                assertEquals("ok", Files.readString(logs.get(i).toPath()).strip());
            }
        } finally {
            writer.destroyForcibly().waitFor();
        }
        assertEquals(301, listed().size());
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
