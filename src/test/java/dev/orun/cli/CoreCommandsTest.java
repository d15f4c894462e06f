package dev.orun.cli;

import dev.orun.cli.OrunCli.Result;
import dev.orun.run.EventChain;
import dev.orun.run.RunEvent;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreCommandsTest {
    @TempDir
    Path repo;

    private OrunCli cli;

    private OrunCli cli() {
        if (cli == null) {
            cli = OrunCli.initialisedRepo(repo);
        }
        return cli;
    }

    private String start(String slug) {
        return cli().run("run", "start", "--workflow", "hello", "--slug", slug, "--artifact-path", "out/" + slug)
                .assertExit(0).lastLine();
    }

    private Path runJson(String id) {
        return repo.resolve("orchestration/runs").resolve(id).resolve("record/RUN.json");
    }

    @Test
    void init_writes_the_hello_workflow_and_a_second_init_changes_nothing() throws Exception {
        cli();
        assertTrue(Files.isRegularFile(repo.resolve("orchestration/workflows/hello.yaml")));
        assertTrue(Files.isRegularFile(repo.resolve("orchestration/gates/contracts/hello.G1.contract.json")));
        assertTrue(Files.isRegularFile(repo.resolve("orchestration/prompts/hello/G1.md")));
        Map<String, String> before = snapshot(repo);
        Result again = cli().run("init").assertExit(0);
        assertTrue(again.out().contains("already has orun's rules"), again.describe());
        assertEquals(before, snapshot(repo));
    }

    @Test
    void init_never_overwrites_a_users_file() throws Exception {
        Path wf = repo.resolve("orchestration/workflows/hello.yaml");
        Files.createDirectories(wf.getParent());
        Files.writeString(wf, "workflow: hello\ngates:\n  - gate: X1\n    contract: mine.json\n");
        Files.writeString(repo.resolve(".gitignore"), "node_modules/");
        OrunCli.git(repo, "init", "-q");
        new OrunCli(repo).run("init").assertExit(0);
        assertEquals("workflow: hello\ngates:\n  - gate: X1\n    contract: mine.json\n", Files.readString(wf));
        String gitignore = Files.readString(repo.resolve(".gitignore"));
        assertTrue(gitignore.startsWith("node_modules/\n"), gitignore);
        assertTrue(gitignore.contains("orchestration/runs/*/logs/\n"), gitignore);
    }

    @Test
    void git_ignores_a_runs_logs_and_not_its_record() throws Exception {
        String id = start("gitcheck");
        Path logs = repo.resolve("orchestration/runs").resolve(id).resolve("logs");
        assertTrue(Files.isDirectory(logs), "the lock lives in logs/");
        String ignored = OrunCli.exec(repo, "git", "check-ignore", "-v", "orchestration/runs/" + id + "/logs/run.lock");
        assertTrue(ignored.contains("logs"), ignored);
        ProcessBuilder pb = new ProcessBuilder("git", "check-ignore", "orchestration/runs/" + id + "/record/RUN.json")
                .directory(repo.toFile());
        assertEquals(1, pb.start().waitFor(), "record/RUN.json must not be ignored");
        OrunCli.git(repo, "add", "-A");
        String staged = OrunCli.git(repo, "diff", "--cached", "--name-only");
        assertTrue(staged.contains("orchestration/runs/" + id + "/record/RUN.json"), staged);
        assertFalse(staged.contains("/logs/"), staged);
    }

    @Test
    void start_writes_a_valid_record_with_a_chained_first_event() throws Exception {
        String id = start("demo");
        assertTrue(id.matches("run_\\d{8}T\\d{9}Z_demo_[a-z0-9]{6}"), id);
        String text = Files.readString(runJson(id));
        assertTrue(text.endsWith("}\n") && !text.contains("\r") && text.contains("\n  \"schema_version\": 1,\n"), text);
        JsonNode tree = Json.STRICT.readTree(text);
        assertEquals("RUNNING", tree.get("status").asString());
        assertEquals("out/demo", tree.at("/workflow/artifact_path").asString());
        assertEquals("NOT_STARTED", tree.at("/gates/0/status").asString());
        RunEvent first = Json.STRICT.treeToValue(tree.at("/events/0"), RunEvent.class);
        assertEquals("RUN_STARTED", first.type());
        assertEquals(EventChain.hash(first), first.sha256());
    }

    @Test
    void start_refuses_an_unknown_workflow_with_exit_3_and_a_bad_slug_with_exit_2() {
        Result unknown = cli().run("run", "start", "--workflow", "nope", "--slug", "x").assertExit(3);
        assertTrue(unknown.err().contains("workflow 'nope' not found") && unknown.err().contains("hello"), unknown.describe());
        Result slug = cli().run("run", "start", "--workflow", "hello", "--slug", "Bad Slug", "--artifact-path", "out/a").assertExit(2);
        assertTrue(slug.err().contains("[a-z0-9][a-z0-9-]{0,63}"), slug.describe());
        assertEquals(1, slug.err().strip().lines().count(), "one line: " + slug.err());
        assertTrue(cli().run("run", "list").out().contains("no runs"));
    }

    @Test
    void start_keeps_the_prompt_files_relative_path_and_sha256_and_the_vars() throws Exception {
        Files.writeString(repo.resolve("brief.md"), "Write about slang.\n");
        cli();
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "p", "--artifact-path", "out/a", "--prompt-file", "brief.md",
                "--var", "lang=en", "--depth", "deep").assertExit(0).lastLine();
        JsonNode tree = Json.STRICT.readTree(runJson(id).toFile());
        assertEquals("brief.md", tree.at("/prompt/file").asString());
        assertEquals(dev.orun.run.Sha256.hex("Write about slang.\n"), tree.at("/prompt/sha256").asString());
        assertEquals("en", tree.at("/vars/lang").asString());
        assertEquals("deep", tree.get("depth").asString());
    }

    @Test
    void list_is_newest_first_and_filters_by_status_workflow_since_grep_and_limit() {
        cli();
        Clock old = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
        cli.clock(old);
        String a = start("alpha");
        cli.clock(Clock.systemUTC());
        String b = start("beta");
        String c = start("gamma");
        cli.run("run", "complete", "--run", c, "--status", "FAILED").assertExit(0);

        List<String> all = ids(cli.run("run", "list", "--json").assertExit(0));
        assertEquals(List.of(c, b, a), all);
        assertEquals(List.of(c), ids(cli.run("run", "list", "--json", "--status", "FAILED")));
        assertEquals(List.of(c, b), ids(cli.run("run", "list", "--json", "--since", "7d")));
        assertEquals(List.of(c, b), ids(cli.run("run", "list", "--json", "--since", "2026-06-01")));
        assertEquals(List.of(), ids(cli.run("run", "list", "--json", "--workflow", "visual-essay")));
        assertEquals(List.of(b), ids(cli.run("run", "list", "--json", "--grep", "BETA")));
        assertEquals(List.of(c), ids(cli.run("run", "list", "--json", "--limit", "1")));
        cli.run("run", "list", "--since", "yesterday").assertExit(2);
        Result table = cli.run("run", "list").assertExit(0);
        assertTrue(table.out().indexOf(c) < table.out().indexOf(a), table.describe());
    }

    @Test
    void show_prints_status_gates_invocation_totals_and_json_prints_the_record() throws Exception {
        String id = start("show");
        cli.run("invocation", "record", "--run", id, "--gate", "G1", "--agent", "greeter", "--model", "m1",
                "--provider", "p1", "--tokens-prompt", "100", "--tokens-completion", "20", "--cost-usd", "0.25",
                "--duration-ms", "1500").assertExit(0);
        cli.run("invocation", "record", "--run", id, "--agent", "helper", "--status", "FAIL",
                "--tokens-prompt", "5", "--tokens-completion", "5", "--cost-usd", "0.5").assertExit(0);
        Result show = cli.run("run", "show", id).assertExit(0);
        assertTrue(show.out().contains("RUNNING"), show.describe());
        assertTrue(show.out().contains("G1") && show.out().contains("NOT_STARTED"), show.describe());
        assertTrue(show.out().contains("Invocations (2)  tokens 105 in / 25 out / 130 total  cost $0.7500"), show.describe());
        Result json = cli.run("run", "show", "--run", id, "--json").assertExit(0);
        assertEquals(Files.readString(runJson(id)), json.out());
        JsonNode tree = Json.STRICT.readTree(json.out());
        assertEquals("FAIL", tree.at("/invocations/1/status").asString());
        assertEquals(0.25, tree.at("/invocations/0/cost_usd").asDouble());
        assertEquals(1500, tree.at("/invocations/0/duration_ms").asLong());
        assertEquals(3, tree.get("events").size());
        assertTrue(EventChain.verify(events(tree)).isEmpty());
    }

    @Test
    void short_ids_resolve_and_an_ambiguous_prefix_lists_candidates_with_exit_2() {
        String id = start("short");
        String suffix = id.substring(id.length() - 6);
        assertEquals(id, Json.STRICT.readTree(cli.run("run", "show", suffix.substring(0, 4), "--json").assertExit(0).out())
                .get("run_id").asString());
        start("short2");
        Result amb = cli.run("run", "show", "run_").assertExit(2);
        assertTrue(amb.err().contains("ambiguous") && amb.err().contains(id), amb.describe());
    }

    @Test
    void complete_persists_a_final_status_and_refuses_another_final_status() throws Exception {
        String id = start("done");
        Result ok = cli.run("run", "complete", "--run", id, "--status", "FAILED").assertExit(0);
        assertTrue(ok.out().contains("FAILED"), ok.describe());
        JsonNode tree = Json.STRICT.readTree(runJson(id).toFile());
        assertEquals("FAILED", tree.get("status").asString());
        assertFalse(tree.get("finished_at").isNull());
        cli.run("run", "complete", "--run", id, "--status", "FAILED").assertExit(0);
        byte[] before = Files.readAllBytes(runJson(id));
        Result again = cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(1);
        assertTrue(again.err().contains("already FAILED") && again.err().contains("CANCELED"), again.describe());
        assertArrayEquals(before, Files.readAllBytes(runJson(id)));
        cli.run("run", "complete", "--run", id, "--status", "PAUSED").assertExit(2);
    }

    @Test
    void a_truncated_record_exits_4_naming_the_file_and_is_left_unchanged() throws Exception {
        String id = start("trunc");
        Path file = runJson(id);
        byte[] full = Files.readAllBytes(file);
        byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);
        Files.write(file, cut);
        for (String[] args : new String[][] {{"run", "show", id}, {"run", "complete", "--run", id},
                {"invocation", "record", "--run", id, "--agent", "a"}}) {
            Result r = cli.run(args).assertExit(4);
            assertTrue(r.err().contains("orchestration/runs/" + id + "/record/RUN.json") && r.err().contains("not valid JSON"),
                    r.describe());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("at dev.orun"), "no stack trace without --verbose: " + r.err());
        }
        assertArrayEquals(cut, Files.readAllBytes(file));
        Result verbose = cli.run("run", "show", id, "--verbose").assertExit(4);
        assertTrue(verbose.err().contains("at dev.orun"), verbose.describe());
    }

    @Test
    void a_record_with_an_unknown_status_exits_4_naming_the_field() throws Exception {
        String id = start("badstatus");
        Path file = runJson(id);
        String broken = Files.readString(file).replace("\"status\": \"RUNNING\"", "\"status\": \"SLEEPING\"");
        Files.writeString(file, broken);
        Result r = cli.run("run", "show", id).assertExit(4);
        assertTrue(r.err().contains("RUN.json /status"), r.describe());
        cli.run("run", "complete", "--run", id).assertExit(4);
        assertEquals(broken, Files.readString(file));
        Result list = cli.run("run", "list").assertExit(0);
        assertTrue(list.err().contains("skipping " + id), list.describe());
    }

    @Test
    void unknown_run_exits_3_and_unknown_option_exits_2() {
        cli();
        Result r = cli.run("run", "show", "--run", "run_20260101T000000000Z_nothing_aaaaaa").assertExit(3);
        assertTrue(r.err().contains("not found"), r.describe());
        Result opt = cli.run("run", "list", "--frobnicate").assertExit(2);
        assertTrue(opt.err().contains("--frobnicate") && opt.err().contains("orun run list --help"), opt.describe());
        cli.run("invocation", "record", "--run", "x").assertExit(2);
    }

    @Test
    void json_output_is_one_document_even_for_errors() {
        cli();
        Result ok = cli.run("run", "start", "--workflow", "hello", "--slug", "j", "--artifact-path", "out/a", "--json").assertExit(0);
        assertEquals("j", Json.STRICT.readTree(ok.out()).at("/workflow/slug").asString());
        Result err = cli.run("run", "show", "nothing", "--json").assertExit(3);
        assertEquals(3, Json.STRICT.readTree(err.out()).at("/error/exit_code").asInt());
        Result init = cli.run("init", "--json").assertExit(0);
        assertTrue(Json.STRICT.readTree(init.out()).get("created").isArray());
    }

    @Test
    void version_and_help_list_the_commands_and_exit_codes() {
        Result v = new OrunCli(repo).run("--version").assertExit(0);
        assertTrue(v.out().startsWith("orun "), v.describe());
        Result h = new OrunCli(repo).run("--help").assertExit(0);
        for (String s : new String[] {"init", "run", "invocation", "Exit codes", "10", "locked"}) {
            assertTrue(h.out().contains(s), s + " missing from help: " + h.out());
        }
    }

    @Test
    void a_run_locked_by_another_holder_exits_6_after_the_lock_timeout() throws Exception {
        String id = start("locked");
        Path lock = repo.resolve("orchestration/runs").resolve(id).resolve("logs/run.lock");
        Process holder = JavaProcesses.builder(repo, dev.orun.store.LockHolder.class, lock.toString()).start();
        try {
            String said = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine();
            assertEquals("locked", said);
            Result r = cli.run("run", "complete", "--run", id, "--status", "CANCELED", "--lock-timeout", "500ms").assertExit(6);
            assertTrue(r.err().contains("locked") && r.err().contains("--lock-timeout"), r.describe());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        cli.run("run", "complete", "--run", id, "--status", "CANCELED").assertExit(0);
    }

    @Test
    void root_comes_from_the_option_or_orun_root_and_orun_runs_dir_moves_the_runs() {
        cli();
        Path elsewhere = repo.resolve("sub/dir");
        OrunCli fromSub = new OrunCli(elsewhere);
        try {
            Files.createDirectories(elsewhere);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String id = fromSub.run("run", "start", "--workflow", "hello", "--slug", "sub", "--artifact-path", "out/a").assertExit(0).lastLine();
        assertTrue(Files.exists(runJson(id)), "found the root upward from a subfolder");
        OrunCli moved = new OrunCli(repo.getParent()).env("ORUN_ROOT", repo.toString()).env("ORUN_RUNS_DIR", "records");
        String id2 = moved.run("run", "start", "--workflow", "hello", "--slug", "moved", "--artifact-path", "out/a").assertExit(0).lastLine();
        assertTrue(Files.exists(repo.resolve("records").resolve(id2).resolve("record/RUN.json")));
        assertNotEquals(id, id2);
    }

    private static List<String> ids(Result r) {
        List<String> out = new ArrayList<>();
        Json.STRICT.readTree(r.out()).get("runs").forEach(n -> out.add(n.get("run_id").asString()));
        return out;
    }

    private static List<RunEvent> events(JsonNode tree) {
        List<RunEvent> out = new ArrayList<>();
        tree.get("events").forEach(e -> out.add(Json.STRICT.treeToValue(e, RunEvent.class)));
        return out;
    }

    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")).toList()) {
                m.put(root.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.UTF_8)
                        + "@" + Files.getLastModifiedTime(p));
            }
        }
        return m;
    }
}
