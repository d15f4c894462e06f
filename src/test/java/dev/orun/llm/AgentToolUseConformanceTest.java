package dev.orun.llm;

import dev.orun.http.Sleeper;
import dev.orun.schema.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The model agent's Messages API requests — the first round, a round answering tool calls (one an error), with
 * temperature and the cached system block — sent to the spec-validating stand-in ({@code ../shared/fakes/serve
 * anthropic}), which answers 400 with {@code sl-violations} to any request that breaks the published description.
 */
class AgentToolUseConformanceTest {
    static final Path SERVE = Path.of("../shared/fakes/serve");
    static int port;
    static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(SERVE), SERVE.toAbsolutePath() + " is missing: skipped (the shared fakes sit beside the project)");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(SERVE.toString(), "anthropic", "start", String.valueOf(port)).redirectErrorStream(true).start();
        assumeTrue(p.waitFor(10, TimeUnit.MINUTES), "the stand-in did not start in 10 minutes");
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

    static AnthropicToolChat chat() {
        return new AnthropicToolChat(new AnthropicClient(baseUrl, "sk-ant-conformance", AnthropicClient.DEFAULT_VERSION,
                "claude-sonnet-4-5", AnthropicClient.policy(Duration.ofSeconds(30)), Sleeper.REAL, Clock.systemUTC()));
    }

    static List<ToolChat.Tool> tools() {
        List<ToolChat.Tool> out = new ArrayList<>();
        for (String name : List.of("read_file", "write_file", "list_directory")) {
            ObjectNode schema = Json.STRICT.createObjectNode().put("type", "object");
            schema.putObject("properties").putObject("path").put("type", "string");
            schema.putArray("required").add("path");
            out.add(new ToolChat.Tool(name, "The " + name + " tool.", schema));
        }
        return out;
    }

    @Test
    void every_round_orun_sends_conforms_to_the_messages_api_description() {
        AnthropicToolChat chat = chat();
        ObjectNode input = Json.STRICT.createObjectNode().put("path", "out/demo");
        List<ToolChat.Request> rounds = List.of(
                new ToolChat.Request("# Greeter\n\nYou write greetings.", List.of(ToolChat.Turn.user("# orun prompt packet")),
                        tools(), 16000, 0.7),
                new ToolChat.Request("# Greeter", List.of(ToolChat.Turn.user("# orun prompt packet"),
                        ToolChat.Turn.assistant("Listing first.", List.of(new ToolChat.Call("toolu_01", "list_directory", input),
                                new ToolChat.Call("toolu_02", "read_file", input))),
                        ToolChat.Turn.results(List.of(new ToolChat.Result("toolu_01", "[]", false),
                                new ToolChat.Result("toolu_02", "Error: access denied", true)))),
                        tools(), 16000, null),
                new ToolChat.Request("# Greeter", List.of(ToolChat.Turn.user("p"),
                        ToolChat.Turn.assistant(null, List.of(new ToolChat.Call("toolu_03", "write_file", null))),
                        ToolChat.Turn.results(List.of(new ToolChat.Result("toolu_03", "Error: arguments are not a JSON object", true)))),
                        List.of(), 1024, 0.0));
        List<String> failures = new ArrayList<>();
        for (ToolChat.Request r : rounds) {
            HttpExchange ex = chat.client().send(chat.body(r));
            String violations = ex.header("sl-violations");
            if (ex.code() == 400 || violations != null && violations.contains("\"request\"")) {
                failures.add(r.turns().size() + " turns: " + ex.code() + " " + violations);
            }
            assertNotEquals(401, ex.code(), "the stand-in did not see x-api-key");
        }
        assertEquals(List.of(), failures);
    }
}
