package dev.orun.agent;

import dev.orun.http.Sleeper;
import dev.orun.llm.AnthropicClient;
import dev.orun.llm.AnthropicToolChat;
import dev.orun.llm.HttpExchange;
import dev.orun.llm.ToolChat;
import dev.orun.schema.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every request the real tool loop builds in a whole conversation — tool calls answered, a refused escape, a write,
 * the stop — is sent to the spec-validating Messages API stand-in ({@code ../shared/fakes/serve anthropic}); the
 * model's side of the conversation is scripted, since the stand-in only answers the description's examples.
 */
class AgentLoopConformanceTest {
    static final Path SERVE = Path.of("../shared/fakes/serve");
    static int port;
    static String baseUrl;

    @TempDir
    Path repo;

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

    /** Sends each request to the stand-in to be checked, and answers from the script. */
    static final class Checked implements ToolChat {
        final AnthropicClient client = new AnthropicClient(baseUrl, "sk-ant-conformance", AnthropicClient.DEFAULT_VERSION,
                "claude-sonnet-4-5", AnthropicClient.policy(Duration.ofSeconds(30)), Sleeper.REAL, Clock.systemUTC());
        final AnthropicToolChat real = new AnthropicToolChat(client);
        final Deque<Reply> script = new ArrayDeque<>();
        final List<String> violations = new ArrayList<>();
        int sent;

        @Override
        public String provider() {
            return "anthropic";
        }

        @Override
        public String model() {
            return "claude-sonnet-4-5";
        }

        @Override
        public Reply send(Request request) {
            HttpExchange ex = client.send(real.body(request));
            sent++;
            String v = ex.header("sl-violations");
            if (ex.code() == 400 || v != null && v.contains("\"request\"")) {
                violations.add("round " + sent + ": " + ex.code() + " " + v);
            }
            assertNotEquals(401, ex.code(), "the stand-in did not see x-api-key");
            return script.removeFirst();
        }

        void calls(String... nameAndInput) {
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < nameAndInput.length; i += 2) {
                calls.add(new Call("toolu_" + script.size() + "_" + i, nameAndInput[i], Json.LENIENT.readTree(nameAndInput[i + 1])));
            }
            script.add(new Reply("", calls, "tool_use", true, new Usage(10, 5, 0, 0), "claude-sonnet-4-5", "{}", "{}", 1));
        }

        void end(String text) {
            script.add(new Reply(text, List.of(), "end_turn", false, new Usage(10, 5, 0, 0), "claude-sonnet-4-5", "{}", "{}", 1));
        }
    }

    @Test
    void every_request_of_a_whole_tool_use_conversation_conforms_to_the_messages_api_description() throws Exception {
        Files.createDirectories(repo.resolve("out/demo"));
        Files.writeString(repo.resolve("README.md"), "# A repository\n");
        Checked chat = new Checked();
        chat.calls("list_directory", "{\"path\": \".\"}", "read_file", "{\"path\": \"README.md\"}");
        chat.calls("read_file", "{\"path\": \"../../etc/passwd\"}");
        chat.calls("write_file", "{\"path\": \"out/demo/GREETING.md\", \"content\": \"# Hello\\n\"}");
        chat.end("Done.");
        AgentSettings settings = new AgentSettings("G1", "claude-sonnet-4-5", "anthropic", 100_000, 10_000, 8, 16_000, 0.7,
                RoutingTable.ALL_TOOLS, null, null, Map.of());
        AgentLoop.Rounds rounds = new AgentLoop.Rounds() {
            @Override
            public String begin(int n) {
                return "inv_" + n;
            }

            @Override
            public void end(String invocationId, int n, ToolChat.Reply reply, Double costUsd, String error) {
            }

            @Override
            public void tool(String invocationId, int n, ToolChat.Call call, AgentTools.Outcome outcome) {
            }
        };
        AgentTools tools = new AgentTools(repo, RoutingTable.ALL_TOOLS, List.of("out/demo"), "orchestration/runs");

        AgentLoop.Result r = new AgentLoop(chat, settings, tools, PriceTable.none(), rounds, AgentProgress.NONE)
                .run("# Greeter\n\nYou write greetings.", "# orun prompt packet: gate G1");

        assertEquals("complete", r.stopReason());
        assertEquals(4, chat.sent);
        assertEquals(List.of(), chat.violations);
        assertEquals("# Hello\n", Files.readString(repo.resolve("out/demo/GREETING.md")));
    }
}
