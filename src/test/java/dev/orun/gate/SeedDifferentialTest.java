package dev.orun.gate;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed runner's own validator (node, its lib/ read from ../shared/compat/esy-runner-head) and orun, on the same
 * inputs, gate by gate: every fixture assertion of the seed's suite, and every gate of the workflow on each shared
 * essay (found from the run records). Same verdict (pass, warn, fail) and the same verdict per validation, except
 * the differences listed in docs/seed-compat-differences.md, which this test reads: a listed difference that goes
 * away fails the test as much as an unlisted one that appears.
 * <p>
 * Offline on both sides: the seed's url_reachable validations are left out (as its regression suite does) and orun
 * runs with ORUN_OFFLINE=1 (url_reachable recorded as a warning, not checked), whose warnings are not counted.
 * Skipped, visibly, without node or ../shared.
 */
class SeedDifferentialTest {
    static final Path SEED = Path.of("../shared/compat/esy-runner-head");
    static final Path DRIVER = Path.of("src/test/resources/seed/seed-verdicts.js");
    static final Path DIFFERENCES = Path.of("docs/seed-compat-differences.md");
    static final String FIXTURES = "orchestration/runner/__tests__/__fixtures__";

    @TempDir
    Path work;
    Path repo;

    @BeforeAll
    static void needsTheSeedAndNode() {
        assumeTrue(Files.isDirectory(SEED.resolve("orchestration/runner/lib")),
                "skipped: " + SEED + " is absent (the shared compatibility data)");
        assumeTrue(hasNode(), "skipped: node is not on PATH (the seed's validator runs with node)");
    }

    /** A fresh git copy of the seed's repository for each test: both sides may write to it. */
    @BeforeEach
    void copyTheSeed() {
        repo = work.resolve("seed");
        OrunCli.copyTree(SEED, repo);
        OrunCli.exec(repo, "chmod", "-R", "u+w", ".");
        OrunCli.git(repo, "init", "-q");
        OrunCli.git(repo, "add", "-A");
        OrunCli.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "seed");
    }

    @Test
    void fixtures_get_the_seeds_verdicts() throws IOException {
        // The seed's side: each assertion laid out and evaluated as regression.test.js does, pre-scripts run as at gate finish.
        List<ObjectNode> jobs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (Stream<Path> s = Files.list(repo.resolve(FIXTURES))) {
            for (Path f : s.sorted().toList()) {
                Path m = f.resolve("manifest.json");
                if (!Files.isRegularFile(m)) {
                    continue;
                }
                JsonNode as = Json.LENIENT.readTree(m.toFile()).get("assertions");
                for (int i = 0; i < as.size(); i++) {
                    ObjectNode job = Json.LENIENT.createObjectNode();
                    String id = f.getFileName() + "#" + i + "/" + as.get(i).get("gate").asString();
                    job.put("id", id);
                    job.put("gate", as.get(i).get("gate").asString());
                    job.putObject("fixture").put("dir", repo.resolve(FIXTURES).toString()).put("name", f.getFileName().toString());
                    jobs.add(job);
                    ids.add(id);
                }
            }
        }
        Map<String, Verdict> seed = seedVerdicts(jobs);

        String before = OrunCli.git(repo, "status", "--porcelain");
        var r = new OrunCli(repo).env("ORUN_OFFLINE", "1").run("contracts", "test", "--json");
        assertEquals(before, OrunCli.git(repo, "status", "--porcelain"), "contracts test left the copy as it was");
        JsonNode doc = Json.LENIENT.readTree(r.out());
        Map<String, Verdict> orun = new LinkedHashMap<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (JsonNode x : doc.get("results")) {
            String fixture = x.get("fixture").asString();
            int i = seen.merge(fixture, 1, Integer::sum) - 1;
            orun.put(fixture + "#" + i + "/" + x.get("gate").asString(), Verdict.ofOrun(x.get("got").asString(), x.get("validations")));
        }
        assertEquals(20, ids.size(), "the seed's suite has 20 assertions");
        compare(ids, seed, orun);
        assertEquals(0, r.exit(), "every fixture assertion holds in orun" + r.describe());
    }

    @Test
    void each_shared_essay_gets_the_seeds_verdict_gate_by_gate() throws IOException {
        Map<String, String[]> essays = essaysFromRecords();
        assertTrue(essays.keySet().containsAll(List.of("the-geography-of-water-scarcity", "the-speed-of-everything", "silk")),
                "the three shared essays are found from the run records: " + essays.keySet());
        List<String> gates = new ArrayList<>();
        Json.LENIENT.readTree(repo.resolve("orchestration/runner/workflows/visual-essay.json").toFile()).get("gates")
                .forEach(g -> gates.add(g.get("gate").asString()));
        List<ObjectNode> jobs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (var e : essays.entrySet()) {
            for (String g : gates) {
                ObjectNode job = Json.LENIENT.createObjectNode();
                String id = e.getKey() + "/" + g;
                job.put("id", id).put("gate", g).put("slug", e.getKey()).put("artifact_path", e.getValue()[0])
                        .put("depth", e.getValue()[1]);
                jobs.add(job);
                ids.add(id);
            }
        }
        Map<String, Verdict> seed = seedVerdicts(jobs);

        // orun's side: a real run per essay, every gate started and finished (gate finish, offline).
        OrunCli cli = new OrunCli(repo).env("ORUN_OFFLINE", "1");
        Map<String, Verdict> orun = new LinkedHashMap<>();
        for (var e : essays.entrySet()) {
            var start = cli.run("run", "start", "--workflow", "visual-essay", "--slug", e.getKey(),
                    "--artifact-path", e.getValue()[0], "--depth", e.getValue()[1]).assertExit(0);
            String runId = start.lastLine();
            for (String g : gates) {
                cli.run("gate", "start", "--reopen", "--run", runId, "--gate", g).assertExit(0); // a failed blocking gate ends the run
                var fin = cli.run("gate", "finish", "--run", runId, "--gate", g, "--json");
                assertTrue(fin.exit() == 0 || fin.exit() == 1, fin.describe());
                JsonNode attempt = Json.LENIENT.readTree(fin.out()).get("attempt");
                String status = attempt.get("status").asString();
                orun.put(e.getKey() + "/" + g, Verdict.ofOrun(status.equals("PASS") ? "pass" : "fail", attempt.get("validations")));
            }
        }
        compare(ids, seed, orun);
    }

    /** A gate's verdict and, in order, the verdict of each validation other than file_exists and url_reachable. */
    record Verdict(String gate, List<String> checks) {
        static Verdict ofSeed(JsonNode r) {
            List<String> checks = new ArrayList<>();
            boolean warned = false;
            for (JsonNode v : r.get("results")) {
                String type = v.get("type").asString();
                String verdict = v.get("warning").asBoolean() ? "warn" : v.get("pass").asBoolean() ? "pass" : "fail";
                warned |= verdict.equals("warn");
                if (!type.startsWith("file_exists")) {
                    checks.add(type + ":" + verdict);
                }
            }
            return new Verdict(!r.get("pass").asBoolean() ? "fail" : warned ? "warn" : "pass", checks);
        }

        static Verdict ofOrun(String got, JsonNode validations) {
            List<String> checks = new ArrayList<>();
            boolean warned = false;
            for (JsonNode v : validations) {
                String type = v.get("type").asString();
                if (type.equals("url_reachable") || type.equals("pre_script")) {
                    continue; // offline on both sides: the seed's side leaves it out; a pre-script is not a check
                }
                boolean warning = "warning".equals(v.path("severity").asString());
                String verdict = v.get("pass").asBoolean() ? "pass" : warning ? "warn" : "fail";
                warned |= verdict.equals("warn");
                if (!type.startsWith("file_exists")) {
                    checks.add(type + ":" + verdict);
                }
            }
            String gate = got.equals("fail") ? "fail" : warned ? "warn" : "pass";
            return new Verdict(gate, checks);
        }
    }

    private void compare(List<String> ids, Map<String, Verdict> seed, Map<String, Verdict> orun) throws IOException {
        Map<String, String> listed = listedDifferences();
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            Verdict s = seed.get(id);
            Verdict o = orun.get(id);
            if (s == null || o == null) {
                problems.add(id + ": no verdict from " + (s == null ? "the seed" : "orun"));
                continue;
            }
            boolean same = s.gate().equals(o.gate()) && s.checks().equals(o.checks());
            String shown = "seed " + s.gate() + " " + s.checks() + ", orun " + o.gate() + " " + o.checks();
            String expectedOrun = listed.get(id);
            if (expectedOrun == null && !same) {
                problems.add(id + ": differs and is not listed in " + DIFFERENCES + ": " + shown);
            } else if (expectedOrun != null && (same || !o.gate().equals(expectedOrun))) {
                problems.add(id + ": listed in " + DIFFERENCES + " as orun " + expectedOrun + ", but " + shown);
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " of " + ids.size() + " verdicts:\n" + String.join("\n", problems));
    }

    /** The rows of the differences table: {@code | `id` | seed verdict | orun verdict | reason |}. */
    static Map<String, String> listedDifferences() throws IOException {
        Map<String, String> out = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*`([^`]+)`\\s*\\|\\s*(\\w+)\\s*\\|\\s*(\\w+)\\s*\\|").matcher(Files.readString(DIFFERENCES));
        while (m.find()) {
            out.put(m.group(1), m.group(3));
        }
        return out;
    }

    /** slug -> {artifact_path, depth} of the newest record of each essay whose artifact folder is there. */
    private Map<String, String[]> essaysFromRecords() throws IOException {
        Map<String, String[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(repo.resolve("orchestration/runs"))) {
            for (Path run : s.sorted().toList()) {
                Path json = run.resolve("record/RUN.json");
                if (!Files.isRegularFile(json)) {
                    continue;
                }
                JsonNode r = Json.LENIENT.readTree(json.toFile());
                String slug = r.get("workflow").get("slug").asString();
                String path = r.get("workflow").get("artifact_path").asString();
                if (Files.isDirectory(repo.resolve(path))) {
                    out.put(slug, new String[]{path, r.path("depth").asString("standard")});
                }
            }
        }
        return out;
    }

    private Map<String, Verdict> seedVerdicts(List<ObjectNode> jobs) throws IOException {
        ObjectNode input = Json.LENIENT.createObjectNode();
        input.put("seed_lib", SEED.resolve("orchestration/runner/lib").toAbsolutePath().normalize().toString());
        input.put("root", repo.toString());
        ArrayNode arr = input.putArray("jobs");
        jobs.forEach(arr::add);
        Path in = work.resolve("jobs.json");
        Files.writeString(in, input.toString());
        Process p = new ProcessBuilder("node", DRIVER.toAbsolutePath().toString()).directory(repo.toFile())
                .redirectInput(in.toFile()).redirectError(work.resolve("seed.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the seed's driver finished");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(0, p.exitValue(), "seed driver: " + Files.readString(work.resolve("seed.err")));
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (JsonNode r : Json.LENIENT.readTree(out)) {
            assertTrue(!r.has("error"), "the seed's validator threw on " + r.get("id") + ": " + r.path("error").asString());
            verdicts.put(r.get("id").asString(), Verdict.ofSeed(r));
        }
        assertEquals("", OrunCli.git(repo, "status", "--porcelain"), "the seed's driver left the copy as it was");
        return verdicts;
    }

    private static boolean hasNode() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
