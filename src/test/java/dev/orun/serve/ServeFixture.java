package dev.orun.serve;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.store.OrunPaths;
import dev.orun.store.RootLocator;
import dev.orun.store.RunStore;
import dev.orun.workflow.WorkflowCatalog;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository with orun initialised and {@code orun serve} running on a free loopback port, a real HTTP client, and
 * the check that every answer is what {@code contracts/serve-api.openapi.json} says for its path, method and status.
 */
final class ServeFixture implements AutoCloseable {
    static final String TOKEN = "test-token-5f1c";
    static final JsonNode OPENAPI = RequestSchemas.bundled();
    static final JsonNode COMPONENTS = RequestSchemas.inlined(OPENAPI.path("components").path("schemas"));
    private static final SchemaValidator SCHEMAS = new SchemaValidator();

    final Path dir;
    final OrunCli cli;
    final OrunServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String base;

    ServeFixture(Path dir) {
        this(dir, "127.0.0.1");
    }

    ServeFixture(Path dir, String bind) {
        this(dir, bind, Map.of());
    }

    /** With more of the server's environment (e.g. the GitHub variables for dispatch). */
    ServeFixture(Path dir, String bind, Map<String, String> moreEnv) {
        this.dir = dir;
        this.cli = OrunCli.initialisedRepo(dir);
        write("orchestration/workflows/planner.yaml", """
                workflow: planner
                version: "1"
                gates:
                  - gate: P1
                    name: Pack uploaded
                    agent: planner
                    contract: orchestration/gates/contracts/planner.P1.contract.json
                """);
        write("orchestration/gates/contracts/planner.P1.contract.json", """
                {"gate": "P1", "name": "Pack uploaded", "blocking": true,
                 "required_outputs": {"all_of": [{"path": "orchestration/runs/{run_id}/record/artifacts/architecture_pack.json"}]},
                 "validations": [{"type": "file_exists", "target": "all_required"}]}
                """);
        write("orchestration/workflows/review.yaml", """
                workflow: review
                version: "1"
                gates:
                  - gate: R1
                    name: Review written
                    agent: reviewer
                    contract: orchestration/gates/contracts/review.R1.contract.json
                  - gate: R2
                    name: Stamp
                    agent: stamper
                    contract: orchestration/gates/contracts/review.R2.contract.json
                    exec: ["sh", "-c", "sleep 2; echo stamped > '{artifact_path}/STAMP.txt'"]
                """);
        write("orchestration/gates/contracts/review.R1.contract.json", """
                {"gate": "R1", "name": "Review written", "blocking": true,
                 "required_outputs": {"all_of": [{"path": "{artifact_path}/REVIEW.md"}]},
                 "validations": [{"type": "file_exists", "target": "all_required"},
                                 {"type": "contains_headings", "target": "{artifact_path}/REVIEW.md", "required_headings": ["# Review"]}]}
                """);
        write("orchestration/gates/contracts/review.R2.contract.json", """
                {"gate": "R2", "name": "Stamp", "blocking": true,
                 "required_outputs": {"all_of": [{"path": "{artifact_path}/STAMP.txt"}]},
                 "validations": [{"type": "file_exists", "target": "all_required"}]}
                """);
        Map<String, String> env = new java.util.HashMap<>(moreEnv);
        env.put("PASS_API_TOKEN", TOKEN);
        OrunPaths paths = RootLocator.locate(null, env, dir);
        SchemaValidator schemas = new SchemaValidator();
        ServeContext ctx = new ServeContext(new RunStore(paths, schemas, Duration.ofSeconds(30)), new WorkflowCatalog(paths, schemas),
                schemas, Clock.systemUTC(), env, "test");
        this.server = OrunServer.start(ctx, bind, 0, line -> System.err.println(line));
        this.base = "http://127.0.0.1:" + server.port();
    }

    void write(String rel, String text) {
        try {
            Path p = dir.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer: status, parsed JSON body (null when none) and the raw text. */
    record Answer(int status, JsonNode json, String text, HttpResponse<String> raw) {
    }

    Answer send(String method, String path, String body, String token) {
        return send(base, method, path, body, token);
    }

    Answer send(String baseUrl, String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                    ? null : Json.LENIENT.readTree(r.body());
            return new Answer(r.statusCode(), json, r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends with the right token and checks the answer against the API description for {@code template}. */
    Answer call(String method, String template, String path, String body, int expected) {
        Answer a = send(method, path, body, TOKEN);
        assertEquals(expected, a.status(), method + " " + path + " answered " + a.text());
        conforms(method, template, a);
        return a;
    }

    /** The answer's status is documented for the operation and its body validates against the schema given for it. */
    static void conforms(String method, String template, Answer a) {
        JsonNode op = OPENAPI.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT));
        assertTrue(op.isObject(), "no operation " + method + " " + template + " in the API description");
        JsonNode response = op.path("responses").path(String.valueOf(a.status()));
        assertTrue(response.isObject(), method + " " + template + " answered " + a.status()
                + ", which the API description does not list: " + a.text());
        String type = a.raw().headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/plain")) {
            assertTrue(response.path("content").has("text/plain"), method + " " + template + " " + a.status()
                    + " answered text/plain, which the API description does not say");
            return;
        }
        String ref = response.path("content").path("application/json").path("schema").path("$ref").asString("");
        assertTrue(ref.startsWith("#/components/schemas/"), "no schema for " + method + " " + template + " " + a.status());
        JsonNode schema = COMPONENTS.path(ref.substring(ref.lastIndexOf('/') + 1));
        assertNotNull(a.json(), "no JSON body: " + a.text());
        List<Violation> v = SCHEMAS.validateAgainst(schema, a.json());
        assertEquals(List.of(), v, method + " " + template + " " + a.status() + " breaks " + ref + ": " + a.text());
        if (template.equals("/runs/{runId}/record") && a.status() == 200) {
            assertEquals(List.of(), SCHEMAS.validate(SchemaValidator.RUN, a.json()), "the record breaks run.schema.json");
        }
    }

    /** Every (path, method) of the API description, e.g. "GET /runs/{runId}". */
    static List<String> operations() {
        List<String> out = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = OPENAPI.path("paths").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (String m : List.of("get", "post", "patch", "put", "delete")) {
                if (e.getValue().has(m)) {
                    out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + e.getKey());
                }
            }
        }
        return out;
    }

    Path runDir(String runId) {
        return dir.resolve("orchestration/runs").resolve(runId);
    }

    byte[] runJson(String runId) {
        try {
            return Files.readAllBytes(runDir(runId).resolve("record/RUN.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
