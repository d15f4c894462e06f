package dev.orun.gate;

import dev.orun.run.ValidationResult;
import dev.orun.schema.Json;
import dev.orun.store.OrunPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validation by validation, the seed's own validator (node, {@code runValidations} of
 * ../shared/compat/esy-runner-head) and orun give the same verdict on the three real essays, for every validation of
 * the 18 contracts but url_reachable (it needs the network). The gate-level comparison is another suite's.
 */
class SeedVerdictsTest {
    static final Path HEAD = SeedContractValidationsTest.HEAD;
    static final List<String> ESSAYS = List.of("the-geography-of-water-scarcity", "the-speed-of-everything", "silk");

    @Test
    void every_validation_of_every_contract_has_the_seeds_verdict_on_the_real_essays(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(HEAD.resolve("orchestration/runner/lib")), "../shared/compat/esy-runner-head is absent: skipped");
        Assumptions.assumeTrue(JsRegexTest.onPath("node"), "node is not on PATH: skipped");
        Path script = tmp.resolve("verdicts.js");
        Files.writeString(script, """
                const path = require('path'), fs = require('fs');
                const lib = path.join(process.argv[2], 'orchestration/runner/lib');
                const { getRequiredOutputs, getValidations } = require(path.join(lib, 'contract-loader'));
                const { runValidations } = require(path.join(lib, 'validator'));
                const essays = JSON.parse(process.argv[3]);
                const dir = path.join(process.argv[2], 'orchestration/gates/contracts');
                (async () => {
                  const out = {};
                  for (const f of fs.readdirSync(dir).sort()) {
                    const c = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
                    for (const slug of essays) {
                      const ctx = { slug, artifact_path: 'src/app/essays/' + slug, depth: 'deep' };
                      const outputs = getRequiredOutputs(c, ctx);
                      const vs = getValidations(c, ctx);
                      const kept = vs.map((v, i) => [v, i]).filter(([v]) => v.type !== 'url_reachable');
                      const r = await runValidations(c, outputs, kept.map(([v]) => v), ctx);
                      const fileChecks = (outputs.some(o => o.anyOf) ? 1 : 0) + outputs.filter(o => o.required && !o.anyOf).length;
                      const results = r.results.slice(fileChecks);
                      let k = 0;
                      for (const [v, i] of kept) {
                        if (v.type === 'file_exists') continue;
                        const res = results[k++];
                        out[f + ' ' + slug + ' /validations/' + i] = res.pass && !res.warning;
                      }
                    }
                  }
                  process.stdout.write(JSON.stringify(out));
                })();
                """);
        Process p = new ProcessBuilder("node", script.toString(), HEAD.toString(), Json.STRICT.writeValueAsString(ESSAYS))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "node failed: " + output);
        JsonNode seed = Json.LENIENT.readTree(output);

        List<Path> contracts;
        try (Stream<Path> s = Files.list(HEAD.resolve("orchestration/gates/contracts"))) {
            contracts = s.filter(f -> f.toString().endsWith(".contract.json")).sorted().toList();
        }
        OrunPaths paths = new OrunPaths(HEAD, HEAD.resolve("orchestration/runs"));
        GateEvaluator evaluator = new GateEvaluator(new RepoFiles(HEAD), ContractEvaluation.SCHEMAS,
                new HashCache(tmp.resolve("hashes.json"), Clock.systemUTC()), Map.of(), Duration.ofSeconds(30));
        List<String> differ = new ArrayList<>();
        int compared = 0;
        for (String slug : ESSAYS) {
            String artifactPath = "src/app/essays/" + slug;
            String client = clientComponent(HEAD.resolve(artifactPath));
            for (Path f : contracts) {
                JsonNode c = Json.LENIENT.readTree(f.toFile());
                JsonNode vs = c.get("validations");
                for (int i = 0; i < vs.size(); i++) {
                    String type = vs.get(i).get("type").asString();
                    if (type.equals("file_exists") || type.equals("url_reachable")) {
                        continue;
                    }
                    String key = f.getFileName() + " " + slug + " /validations/" + i;
                    ObjectNode one = Json.LENIENT.createObjectNode().put("gate", "G");
                    JsonNode ro = c.get("required_outputs");
                    ObjectNode outputs = one.putObject("required_outputs");
                    for (String group : List.of("all_of", "any_of")) {
                        if (ro.has(group)) {
                            outputs.set(group, ro.get(group));
                        }
                    }
                    ArrayNode list = one.putArray("validations");
                    list.add(vs.get(i));
                    String text = Json.STRICT.writeValueAsString(one).replace("{client_component}",
                            client != null ? client : artifactPath + "/__no_client_component__");
                    Path file = tmp.resolve("c.json");
                    Files.writeString(file, text);
                    GateContract contract = new ContractLoader(paths, ContractEvaluation.SCHEMAS).load(file);
                    GateEvaluation ev = evaluator.evaluate(contract, PathVariables.of(slug, artifactPath, "run_x", "visual-essay", "deep", Map.of()),
                            "deep", tmp.resolve("logs"), HashProgress.NONE);
                    List<ValidationResult> mine = ev.validations().stream().filter(v -> v.type().equals(type)).toList();
                    boolean orun = mine.stream().allMatch(ValidationResult::pass);
                    compared++;
                    if (!seed.has(key) || seed.get(key).asBoolean() != orun) {
                        differ.add(key + " (" + type + "): seed " + seed.get(key) + ", orun " + orun + " " + mine);
                    }
                }
            }
        }
        assertEquals(List.of(), differ, "validations where orun and the seed differ");
        assertEquals(seed.size(), compared);
        assertEquals(3 * 74, compared, "74 validations of each essay (97 less 20 file_exists and 3 url_reachable)");
        long passes = 0;
        for (JsonNode v : seed) {
            passes += v.asBoolean() ? 1 : 0;
        }
        System.out.println("SeedVerdictsTest: " + compared + " verdicts compared, " + passes + " passes, " + (compared - passes) + " failures");
        assertTrue(passes > 0 && passes < compared, "both verdicts occur: " + passes + " of " + compared);
    }

    /** The seed's discovery: the first file named *Client.tsx or *Client.jsx in the essay's folder. */
    static String clientComponent(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*Client\\.(tsx|jsx)$")).sorted().findFirst()
                    .map(n -> HEAD.relativize(dir.resolve(n)).toString()).orElse(null);
        }
    }
}
