package dev.orun.llm;

import dev.orun.cli.Shared;
import dev.orun.http.Sleeper;
import dev.orun.plan.PackSchema;
import dev.orun.plan.PlanSection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * orun's real Messages API requests — every section's, and a repair — sent to the spec-validating stand-in
 * ({@code ../shared/fakes/serve anthropic}, Prism on the published API description). It answers 400 with an
 * {@code sl-violations} header to any request that breaks the description; any request violation fails the test.
 */
class AnthropicConformanceTest {
    static final Path SERVE = Shared.fakes("serve");
    static int port;
    static String baseUrl;

    @BeforeEach
    void needsTheStandIn() {
        Shared.require(SERVE);
    }

    @BeforeAll
    static void start() throws Exception {
        if (!Shared.present(SERVE)) {
            return; // each test is skipped by needsTheStandIn, so the report counts and names them
        }
        assertTrue(Files.isExecutable(SERVE), SERVE + " is not executable");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(SERVE.toString(), "anthropic", "start", String.valueOf(port)).redirectErrorStream(true).start();
        // The first start installs Prism with npm; give it time.
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the stand-in did not start in 10 minutes");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), "serve anthropic start failed: " + output);
        baseUrl = output.lines().reduce((a, b) -> b).orElseThrow() + "/v1";
    }

    @AfterAll
    static void stop() throws Exception {
        if (port != 0) {
            new ProcessBuilder(SERVE.toString(), "anthropic", "stop", String.valueOf(port)).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void every_request_orun_sends_conforms_to_the_messages_api_description() throws IOException {
        AnthropicClient client = new AnthropicClient(baseUrl, "sk-ant-conformance", AnthropicClient.DEFAULT_VERSION,
                AnthropicClient.DEFAULT_MODEL, AnthropicClient.policy(Duration.ofSeconds(30)), Sleeper.REAL, Clock.systemUTC());
        PackSchema schemas = new PackSchema();
        List<String> failures = new ArrayList<>();
        for (PlanSection section : PlanSection.values()) {
            ObjectNode schema = schemas.section(section);
            for (String prompt : List.of("Summarise the PRD.\n\nPRD:\nA reminder service.",
                    "Your previous answer was refused for these reasons:\n- /x: bad\n\nPrevious answer:\n{}\n\nAnswer again.")) {
                StructuredRequest request = new StructuredRequest(section.toolName(), "Submit the " + section.title() + " section.",
                        "You are orun's planner.", prompt, schema, section.defaultBudget(), section.fileStem());
                HttpExchange ex = client.send(client.body(request));
                String violations = ex.header("sl-violations");
                if (ex.code() == 400 || violations != null && violations.contains("\"request\"")) {
                    failures.add(section.id() + ": " + ex.code() + " " + violations);
                }
                assertNotEquals(401, ex.code(), "the stand-in did not see x-api-key");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void the_stand_in_does_refuse_a_request_that_breaks_the_description() {
        AnthropicClient client = new AnthropicClient(baseUrl, "sk-ant-conformance", AnthropicClient.DEFAULT_VERSION,
                AnthropicClient.DEFAULT_MODEL, AnthropicClient.policy(Duration.ofSeconds(30)), Sleeper.REAL, Clock.systemUTC());
        PlanSection section = PlanSection.CORE;
        ObjectNode body = client.body(new StructuredRequest(section.toolName(), "d", "s", "p", new PackSchema().section(section),
                100, "x"));
        body.remove("max_tokens");
        ((ObjectNode) body.get("tool_choice")).put("type", "force");

        HttpExchange ex = client.send(body);

        assertEquals(400, ex.code());
        assertTrue(ex.header("sl-violations").contains("max_tokens"), ex.header("sl-violations"));
    }
}
