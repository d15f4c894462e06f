package dev.orun.cli;

import dev.orun.cli.OrunCli.Result;
import dev.orun.run.EventChain;
import dev.orun.run.RunEvent;
import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holes a failure test found in the record's integrity (issue 12): each was seen open before its fix. */
class RecordHolesTest {
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
    void a_record_naming_another_runs_id_is_refused_with_exit_4_and_the_other_run_is_untouched() throws Exception {
        String a = start("alpha");
        String b = start("beta");
        cli().run("gate", "start", "--run", b, "--gate", "G1", "--agent", "me").assertExit(0);
        byte[] before = Files.readAllBytes(runJson(b));
        Files.writeString(runJson(a), Files.readString(runJson(a)).replace("\"run_id\" : \"" + a + "\"", "\"run_id\" : \"" + b + "\"")
                .replace("\"run_id\": \"" + a + "\"", "\"run_id\": \"" + b + "\""));
        assertTrue(Files.readString(runJson(a)).contains(b), "the edit took");

        Result r = cli().run("gate", "start", "--run", a, "--gate", "G1", "--agent", "me").assertExit(4);

        assertTrue(r.err().contains("/run_id") && r.err().contains(a), r.describe());
        assertArrayEquals(before, Files.readAllBytes(runJson(b)), "run B's record was rewritten");
        Result verify = cli().run("run", "verify", "--run", a).assertExit(1);
        assertTrue(verify.out().contains("/run_id"), verify.describe());
    }

    @Test
    void run_verify_catches_every_single_field_edit_of_a_committed_record_and_names_the_field() throws Exception {
        String id = start("sealed");
        cli().run("gate", "start", "--run", id, "--gate", "G1", "--agent", "greeter").assertExit(0);
        Files.createDirectories(repo.resolve("out/sealed"));
        Files.writeString(repo.resolve("out/sealed/GREETING.md"), "# Hello\n\nHello from orun, for sealed.\n");
        cli().run("invocation", "record", "--run", id, "--gate", "G1", "--agent", "greeter", "--model", "m1", "--provider", "p1",
                "--tokens-prompt", "10", "--tokens-completion", "5", "--cost-usd", "0.25", "--duration-ms", "40").assertExit(0);
        cli().run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        Path file = runJson(id);
        byte[] original = Files.readAllBytes(file);
        cli().run("run", "verify", "--run", id).assertExit(0);
        JsonNode tree = Json.STRICT.readTree(original);

        List<String> missed = new ArrayList<>();
        int edits = 0;
        for (Map.Entry<String, JsonNode> leaf : leaves(tree, "").entrySet()) {
            String pointer = leaf.getKey();
            JsonNode edited = tree.deepCopy();
            if (!replaceAt(edited, pointer, mutate(leaf.getValue()))) {
                continue;
            }
            edits++;
            String caught = verifyAfter(file, Json.prettyBytes(edited), expectedName(pointer), original);
            if (caught != null) {
                missed.add(pointer + " -> " + caught);
            }
        }
        // Whole-element edits: the last event removed; the last event edited with its hash recomputed; an invocation removed.
        ObjectNode noLast = (ObjectNode) tree.deepCopy();
        ArrayNode ev = (ArrayNode) noLast.get("events");
        ev.remove(ev.size() - 1);
        edits++;
        addMiss(missed, "last event removed", verifyAfter(file, Json.prettyBytes(noLast), "/events", original));

        ObjectNode rehashed = (ObjectNode) tree.deepCopy();
        ArrayNode ev2 = (ArrayNode) rehashed.get("events");
        ObjectNode last = (ObjectNode) ev2.get(ev2.size() - 1);
        last.put("message", "Gate G1 passed on attempt 1 (approved by hand)");
        last.put("sha256", EventChain.hash(Json.STRICT.treeToValue(last, RunEvent.class)));
        edits++;
        addMiss(missed, "last event edited, hash recomputed", verifyAfter(file, Json.prettyBytes(rehashed), "/events/" + (ev2.size() - 1), original));

        ObjectNode noInvocation = (ObjectNode) tree.deepCopy();
        ((ArrayNode) noInvocation.get("invocations")).remove(0);
        edits++;
        addMiss(missed, "invocation removed", verifyAfter(file, Json.prettyBytes(noInvocation), "/invocations/0", original));

        // An output changed together with its one index entry.
        Path out = repo.resolve("out/sealed/GREETING.md");
        String greeting = Files.readString(out);
        Files.writeString(out, greeting + "edited\n");
        ObjectNode reindexed = (ObjectNode) tree.deepCopy();
        ((ObjectNode) reindexed.get("artifacts_index").get(0)).put("sha256", Sha256.hex(Files.readAllBytes(out)));
        edits++;
        addMiss(missed, "output and its index entry", verifyAfter(file, Json.prettyBytes(reindexed), "/artifacts_index/0", original));
        Files.writeString(out, greeting);

        // An attempt file and its copy in RUN.json edited consistently, file_sha256 fixed.
        Path attempt = repo.resolve("orchestration/runs/" + id + "/record/gates/G1/attempt-1.json");
        byte[] attemptOriginal = Files.readAllBytes(attempt);
        ObjectNode attemptTree = (ObjectNode) Json.STRICT.readTree(attemptOriginal);
        attemptTree.put("agent", "someone-else");
        byte[] attemptEdited = Json.prettyBytes(attemptTree);
        Files.write(attempt, attemptEdited);
        ObjectNode consistent = (ObjectNode) tree.deepCopy();
        ObjectNode copy = (ObjectNode) consistent.get("gates").get(0).get("attempts").get(0);
        copy.put("agent", "someone-else");
        copy.put("file_sha256", Sha256.hex(attemptEdited));
        edits++;
        addMiss(missed, "attempt file and copy", verifyAfter(file, Json.prettyBytes(consistent), "/gates/0/attempts/0", original));
        Files.write(attempt, attemptOriginal);

        cli().run("run", "verify", "--run", id).assertExit(0);
        assertEquals(List.of(), missed, missed.size() + " of " + edits + " single edits passed run verify");
        assertTrue(edits > 90, "only " + edits + " edits tried");
        System.out.println("run verify caught " + edits + " of " + edits + " single edits of a committed record");
    }

    @Test
    void a_record_written_before_records_were_sealed_still_verifies_and_is_sealed_by_its_next_write() throws Exception {
        String id = start("older");
        cli().run("gate", "start", "--run", id, "--gate", "G1", "--agent", "greeter").assertExit(0);
        // What the previous build wrote: no seal, no state digests, each event hashed without them.
        ObjectNode tree = (ObjectNode) Json.STRICT.readTree(runJson(id).toFile());
        tree.remove("seal");
        String prev = null;
        List<String> oldHashes = new ArrayList<>();
        for (JsonNode e : tree.get("events")) {
            ObjectNode event = (ObjectNode) e;
            event.remove("state_sha256");
            event.put("prev", prev);
            event.put("sha256", EventChain.hash(Json.STRICT.treeToValue(event, RunEvent.class)));
            prev = event.get("sha256").asString();
            oldHashes.add(prev);
        }
        Files.write(runJson(id), Json.prettyBytes(tree));

        Result before = cli().run("run", "verify", "--run", id).assertExit(0);
        assertTrue(before.out().contains("no seal"), before.describe());
        cli().run("run", "show", "--run", id).assertExit(0);

        cli().run("gate", "fail", "--run", id, "--gate", "G1", "--reason", "not yet").assertExit(0);
        JsonNode after = Json.STRICT.readTree(runJson(id).toFile());
        assertTrue(after.has("seal"), "the next write seals the record");
        for (int i = 0; i < oldHashes.size(); i++) {
            assertEquals(oldHashes.get(i), after.get("events").get(i).get("sha256").asString(), "old event " + i + " was rewritten");
            assertTrue(!after.get("events").get(i).has("state_sha256"));
        }
        assertTrue(after.get("events").get(oldHashes.size()).has("state_sha256"));
        cli().run("run", "verify", "--run", id).assertExit(0);
        Files.writeString(runJson(id), Files.readString(runJson(id)).replace("\"depth\": \"standard\"", "\"depth\": \"deep\""));
        Result edited = cli().run("run", "verify", "--run", id).assertExit(1);
        assertTrue(edited.out().contains("/depth: changed"), edited.describe());
    }

    @Test
    void an_artifact_path_with_shell_syntax_stays_a_path_in_the_agents_script() throws Exception {
        String evil = "out/a'; touch INJECTED; echo '";
        Result r = cli().run("run", "hello", "--slug", "evil", "--artifact-path", evil);

        assertTrue(!Files.exists(repo.resolve("INJECTED")), "the artifact path ran as shell code" + r.describe());
        assertTrue(Files.isRegularFile(repo.resolve(evil).resolve("GREETING.md")), "the agent wrote under the path as given" + r.describe());
    }

    @Test
    void an_agent_gets_no_secret_unless_passed_and_a_key_it_prints_reaches_neither_log_nor_terminal() throws Exception {
        String key = "sk-ant-agent-7Qz1-SECRET-do-not-leak";
        String id = start("agent");
        cli().env("ANTHROPIC_API_KEY", key).env("GITHUB_TOKEN", "ghp_agent7Qz1SECRETtoken00");
        Result hidden = cli().run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "a", "--no-finish", "--",
                "sh", "-c", "echo key=[$ANTHROPIC_API_KEY] token=[$GITHUB_TOKEN] path=[${PATH:+set}]");
        assertTrue(hidden.out().contains("key=[] token=[] path=[set]"), hidden.describe());

        cli().env("ORUN_PASS_ENV", "ANTHROPIC_API_KEY");
        Result passed = cli().run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "a", "--no-finish", "--",
                "sh", "-c", "echo key=$ANTHROPIC_API_KEY; printf '%s' \"$ANTHROPIC_API_KEY\" | cut -c1-9");
        assertTrue(passed.out().contains("key=[REDACTED]"), "the agent got the key it was passed, and its echo was masked" + passed.describe());
        assertTrue(passed.out().contains("sk-ant-ag"), "a part of a key is not the key" + passed.describe());
        assertTrue(!passed.out().contains(key) && !passed.err().contains(key), passed.describe());
        try (var files = Files.walk(repo.resolve("orchestration/runs/" + id))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertTrue(!Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(key), f + " holds the key");
            }
        }
    }

    @Test
    void run_resume_ends_the_agent_a_sigkilled_driver_left_running_before_it_starts_another() throws Exception {
        cli();
        Files.createDirectories(repo.resolve("orchestration/gates/contracts"));
        Files.writeString(repo.resolve("orchestration/gates/contracts/slow.G1.contract.json"),
                "{\"gate\": \"G1\", \"blocking\": true, \"required_outputs\": [\"{artifact_path}/GREETING.md\"], \"validations\": []}");
        Files.writeString(repo.resolve("orchestration/workflows/slow.yaml"), """
                workflow: slow
                gates:
                  - gate: G1
                    agent: sleeper
                    contract: orchestration/gates/contracts/slow.G1.contract.json
                    exec: "mkdir -p {artifact_path}; if [ -f {artifact_path}/go ]; then echo hi > {artifact_path}/GREETING.md; else sleep 60; fi"
                """);
        java.io.File output = repo.resolve("orun-child.log").toFile();
        Process orun = JavaProcesses.orun(repo, output, "run", "slow", "--slug", "s", "--artifact-path", "out/s");
        List<ProcessHandle> agents = List.of();
        String id = null;
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && id == null) {
                List<String> ids = Files.isDirectory(repo.resolve("orchestration/runs")) ? PipelineTest.runs(repo) : List.of();
                if (ids.size() == 1 && Files.exists(runJson(ids.get(0))) && Files.isDirectory(repo.resolve("out/s"))
                        && Json.STRICT.readTree(runJson(ids.get(0)).toFile()).path("invocations").size() == 1
                        && orun.descendants().anyMatch(h -> h.info().command().orElse("").endsWith("sleep"))) {
                    id = ids.get(0);
                }
                Thread.sleep(50);
            }
            assertTrue(id != null, "the child orun never started its agent: " + Files.readString(output.toPath()));
            agents = orun.descendants().toList();
            orun.destroyForcibly(); // SIGKILL: no shutdown hook runs, the agent is orphaned
            assertTrue(orun.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(agents.stream().anyMatch(ProcessHandle::isAlive), "the agent outlives its killed driver");

            Files.writeString(repo.resolve("out/s/go"), "");
            Result resume = cli().run("run", "resume", "--run", id).assertExit(0);

            for (ProcessHandle a : agents) {
                a.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertTrue(agents.stream().noneMatch(ProcessHandle::isAlive), "the old agent still runs beside the new one" + resume.describe());
            JsonNode run = Json.STRICT.readTree(runJson(id).toFile());
            assertEquals("PASSED", run.path("status").asString());
            assertTrue(run.toString().contains("orun ended its agent process"), run.toString());
        } finally {
            orun.destroyForcibly();
            agents.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void a_key_given_twice_in_a_record_or_a_workflow_is_an_error_not_last_wins() throws Exception {
        String id = start("twice");
        String text = Files.readString(runJson(id));
        Files.writeString(runJson(id), text.replaceFirst("\"status\": \"RUNNING\",", "\"status\": \"PASSED\", \"status\": \"RUNNING\","));
        Result show = cli().run("run", "show", "--run", id).assertExit(4);
        assertTrue(show.err().contains("RUN.json") && show.err().contains("status"), show.describe());
        assertTrue(!show.err().contains("Feature"), "Jackson's internals quoted: " + show.describe());

        Path wf = repo.resolve("orchestration/workflows/hello.yaml");
        Files.writeString(wf, Files.readString(wf).replaceFirst("version: \"1\"", "version: \"1\"\nversion: \"2\""));
        Result start = cli().run("run", "start", "--workflow", "hello", "--slug", "dup", "--artifact-path", "out/dup").assertExit(4);
        assertTrue(start.err().contains("hello.yaml") && start.err().contains("version"), start.describe());
    }

    @Test
    void a_symlinked_run_folder_or_runs_folder_is_refused_and_nothing_is_written_outside(@TempDir Path outside) throws Exception {
        String id = start("linked");
        Path runDir = repo.resolve("orchestration/runs").resolve(id);
        Path moved = outside.resolve(id);
        Files.move(runDir, moved);
        Files.createSymbolicLink(runDir, moved);
        byte[] before = Files.readAllBytes(moved.resolve("record/RUN.json"));
        Result r = cli().run("gate", "start", "--run", id, "--gate", "G1", "--agent", "me").assertExit(4);
        assertTrue(r.err().contains("symlink"), r.describe());
        assertArrayEquals(before, Files.readAllBytes(moved.resolve("record/RUN.json")));

        Path runs = repo.resolve("orchestration/runs");
        Files.delete(runDir);
        Path runsOutside = outside.resolve("runs");
        Files.move(runs, runsOutside);
        Files.move(moved, runsOutside.resolve(id));
        Files.createSymbolicLink(runs, runsOutside);
        Result r2 = cli().run("run", "start", "--workflow", "hello", "--slug", "out", "--artifact-path", "out/x").assertExit(4);
        assertTrue(r2.err().contains("symlink"), r2.describe());
        try (var s = Files.list(runsOutside)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("run_")).count(), "a run was made outside");
        }
    }

    @Test
    void a_zombie_driver_counts_as_dead() throws Exception {
        String id = start("zombie");
        // sleep 0's parent execs into sleep 30, which never reaps it: a zombie for 30 s. Under load the shell may reap
        // sleep 0 before its exec (no zombie then): up to five tries until /proc says Z.
        Process parent = null;
        long zombie = -1;
        for (int tries = 0; tries < 5 && zombie < 0; tries++) {
            if (parent != null) {
                parent.destroyForcibly().waitFor();
            }
            parent = new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 30").start();
            long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream())).readLine().strip());
            Thread.sleep(300);
            if (isZombie(pid)) {
                zombie = pid;
            }
        }
        try {
            assertTrue(zombie > 0, "no zombie made in five tries");
            assertTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false), "the JDK calls a zombie alive");
            Path lease = repo.resolve("orchestration/runs/" + id + "/logs/lease.json");
            Files.createDirectories(lease.getParent());
            Files.write(lease, Json.prettyBytes(new dev.orun.store.RunLease(zombie, dev.orun.store.RunLease.currentHost(), null,
                    "2026-01-01T00:00:00.000Z", "orun run hello", null, null, null, null)));

            Result show = cli().run("run", "show", "--run", id).assertExit(0);

            assertTrue(show.out().contains("INTERRUPTED"), show.describe());
        } finally {
            parent.destroyForcibly();
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void a_run_folder_without_run_json_is_one_problem_and_verify_all_checks_the_others() throws Exception {
        String good = start("good");
        String broken = start("broken");
        Files.delete(runJson(broken));

        Result r = cli().run("run", "verify", "--all").assertExit(1);

        assertTrue(r.out().contains(broken), r.describe());
        assertTrue(r.out().contains("verified 2 runs"), r.describe());
        cli().run("run", "verify", "--run", good).assertExit(0);
    }

    @Test
    void a_run_json_over_the_size_limit_is_refused_at_once_with_a_clear_error() throws Exception {
        String id = start("huge");
        String text = Files.readString(runJson(id));
        StringBuilder pad = new StringBuilder(text.length() + (17 << 20));
        pad.append(text, 0, text.lastIndexOf('}'));
        pad.append(" ".repeat(17 << 20)).append("}\n");
        Files.writeString(runJson(id), pad);
        long t0 = System.nanoTime();
        Result r = cli().run("run", "show", "--run", id).assertExit(4);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.err().contains("MB") && r.err().contains("limit"), r.describe());
        assertTrue(ms < 3000, "took " + ms + " ms");
    }

    @Test
    void an_absolute_path_in_required_outputs_fails_the_output_and_never_reaches_the_record(@TempDir Path elsewhere) throws Exception {
        cli();
        Path abs = elsewhere.resolve("abs.md");
        Files.writeString(abs, "secret machine path\n");
        Path contract = repo.resolve("orchestration/gates/contracts/hello.G1.contract.json");
        Files.writeString(contract, "{\"gate\": \"G1\", \"blocking\": true, \"required_outputs\": [\"" + abs + "\"], \"validations\": []}");
        String id = start("abs");
        cli().run("gate", "start", "--run", id, "--gate", "G1", "--agent", "me").assertExit(0);
        Result r = cli().run("gate", "finish", "--run", id, "--gate", "G1").assertExit(1);
        assertTrue(r.out().contains("(absolute path)"), r.describe());
        try (var files = Files.walk(repo.resolve("orchestration/runs/" + id + "/record"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertTrue(!Files.readString(f).contains(elsewhere.toString()), f + " holds the absolute path");
            }
        }
    }

    @Test
    void an_attempt_file_a_killed_finish_left_before_run_json_is_taken_into_the_record_by_the_next_finish() throws Exception {
        String id = start("orphan");
        cli().run("gate", "start", "--run", id, "--gate", "G1", "--agent", "greeter").assertExit(0);
        Files.createDirectories(repo.resolve("out/orphan"));
        Files.writeString(repo.resolve("out/orphan/GREETING.md"), "# Hello\n\nHello from orun, for orphan.\n");
        byte[] beforeFinish = Files.readAllBytes(runJson(id));
        cli().run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);
        Path attempt = repo.resolve("orchestration/runs/" + id + "/record/gates/G1/attempt-1.json");
        byte[] attemptBytes = Files.readAllBytes(attempt);
        // What a kill between the two writes leaves: the attempt file written, RUN.json as before the finish.
        Files.write(runJson(id), beforeFinish);

        Result again = cli().run("gate", "finish", "--run", id, "--gate", "G1").assertExit(0);

        assertArrayEquals(attemptBytes, Files.readAllBytes(attempt), "the attempt file is written once");
        JsonNode run = Json.STRICT.readTree(runJson(id).toFile());
        assertEquals("PASS", run.at("/gates/0/status").asString(), again.describe());
        assertTrue(run.path("artifacts_index").size() > 0, "its index entries are recorded");
        assertTrue(run.toString().contains("recovered from"), run.toString());
        cli().run("run", "verify", "--run", id).assertExit(0);
    }

    @Test
    void contracts_check_does_not_follow_a_contract_symlinked_outside_the_repository(@TempDir Path outside) throws Exception {
        cli();
        Path contract = repo.resolve("orchestration/gates/contracts/hello.G1.contract.json");
        Path moved = outside.resolve("G1.contract.json");
        Files.move(contract, moved);
        Files.createSymbolicLink(contract, moved);

        Result r = cli().run("contracts", "check");

        assertTrue(r.exit() == 4 || r.exit() == 1, r.describe());
        assertTrue((r.out() + r.err()).contains("symlink"), r.describe());
    }

    private static void addMiss(List<String> missed, String what, String caught) {
        if (caught != null) {
            missed.add(what + " -> " + caught);
        }
    }

    /** Null when run verify reported the edit naming {@code name}; else what it said. */
    private String verifyAfter(Path file, byte[] edited, String name, byte[] original) throws Exception {
        Files.write(file, edited);
        try {
            Result r = cli().run("run", "verify", "--run", file.getParent().getParent().getFileName().toString());
            return r.exit() != 0 && (r.out() + r.err()).contains(name) ? null : "exit " + r.exit() + ": " + r.out() + r.err();
        } finally {
            Files.write(file, original);
        }
    }

    /** The field a report must name: the pointer, cut to the depth the seal names fields at. */
    private static String expectedName(String pointer) {
        String[] parts = pointer.substring(1).split("/");
        if (parts[0].equals("events")) {
            return "/events/" + parts[1];
        }
        if (parts[0].equals("seal")) {
            return "/seal";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(parts.length, 4); i++) {
            sb.append('/').append(parts[i]);
        }
        return sb.toString();
    }

    private static Map<String, JsonNode> leaves(JsonNode node, String pointer) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> out.putAll(leaves(e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"))));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.putAll(leaves(node.get(i), pointer + "/" + i));
            }
        } else {
            out.put(pointer, node);
        }
        return out;
    }

    /** A different value of the same kind, valid where it can be (so the seal, not the schema, must catch it). */
    private static JsonNode mutate(JsonNode v) {
        if (v.isBoolean()) {
            return Json.STRICT.getNodeFactory().booleanNode(!v.asBoolean());
        }
        if (v.isIntegralNumber()) {
            return Json.STRICT.getNodeFactory().numberNode(v.asLong() + 1);
        }
        if (v.isNumber()) {
            return Json.STRICT.getNodeFactory().numberNode(v.asDouble() + 1);
        }
        if (v.isNull()) {
            return Json.STRICT.getNodeFactory().stringNode("x");
        }
        String s = v.asString();
        Map<String, String> swaps = Map.of("PASS", "FAIL", "FAIL", "PASS", "PASSED", "FAILED", "FAILED", "PASSED",
                "RUNNING", "PAUSED", "SUCCESS", "FAIL", "standard", "deep", "error", "warning", "warning", "error");
        if (swaps.containsKey(s)) {
            return Json.STRICT.getNodeFactory().stringNode(swaps.get(s));
        }
        if (s.matches("[0-9a-f]{12,64}")) {
            return Json.STRICT.getNodeFactory().stringNode((s.charAt(0) == '0' ? "1" : "0") + s.substring(1));
        }
        if (s.matches("\\d{4}-.*Z")) {
            return Json.STRICT.getNodeFactory().stringNode(s.replaceFirst("^\\d{4}", "2019"));
        }
        return Json.STRICT.getNodeFactory().stringNode(s + "x");
    }

    private static boolean replaceAt(JsonNode root, String pointer, JsonNode value) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? root : root.at(pointer.substring(0, cut));
        String key = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            o.set(key, value);
            return true;
        }
        if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(key), value);
            return true;
        }
        return false;
    }
}
