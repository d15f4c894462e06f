package dev.orun.gate;

import dev.orun.cli.OrunCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 12: a check command and an agent get the base allow-list and exactly the variables that the
 * contract or workflow names in {@code env}; a named secret is passed and masked wherever orun writes; a timeout
 * ends the whole process group, a grandchild that ignores SIGTERM included.
 */
class ChildEnvironmentTest {
    private static final String KEY = "tok-named-7Qz1-4b9e-SECRET";
    private static final String DOTENV_KEY = "sk-dotenv-91ab-77cd-SECRET";
    private static final String UNNAMED = "sk-ant-unnamed-3f3f-SECRET";

    private static String everything(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir.resolve("orchestration/runs"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                sb.append("== ").append(dir.relativize(p)).append('\n').append(Files.readString(p)).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void a_command_validation_gets_the_variables_its_env_names_and_its_log_masks_a_named_secret(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"env\": [\"MY_TOOL_SETTING\", \"DEPLOY_TOKEN\","
                + " \"DOTENV_KEY\", \"NOT_SET_ANYWHERE\"], \"command\": [\"sh\", \"-c\", \"env | sort > {artifact_path}/env.txt; "
                + "echo token=$DEPLOY_TOKEN dotenv=$DOTENV_KEY\"]}]");
        Files.createDirectories(dir.resolve("out/demo"));
        Files.writeString(dir.resolve(".env"), "DOTENV_KEY=" + DOTENV_KEY + "\n");
        f.cli.env("PATH", System.getenv("PATH")).env("MY_TOOL_SETTING", "fast").env("DEPLOY_TOKEN", KEY)
                .env("ANTHROPIC_API_KEY", UNNAMED).env("OTHER_SETTING", "x");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(0);
        String env = Files.readString(dir.resolve("out/demo/env.txt"));
        assertTrue(env.contains("MY_TOOL_SETTING=fast"), "a named variable is passed: " + env);
        assertTrue(env.contains("DEPLOY_TOKEN=" + KEY), "a named secret is passed: " + env);
        assertTrue(env.contains("DOTENV_KEY=" + DOTENV_KEY), "a named variable kept in .env is passed: " + env);
        assertTrue(env.contains("PATH="), "the base allow-list stays: " + env);
        assertFalse(env.contains(UNNAMED), "an unnamed secret is not passed: " + env);
        assertFalse(env.contains("OTHER_SETTING"), "an unnamed variable is not passed: " + env);
        assertFalse(env.contains("NOT_SET_ANYWHERE"), env);
        String written = everything(dir);
        assertTrue(written.contains("token=[REDACTED] dotenv=[REDACTED]"), "the check's log masks what it echoed:\n" + written);
        assertFalse(written.contains(KEY) || written.contains(DOTENV_KEY), "no named secret in the run's files:\n" + written);
        assertFalse(r.out().contains(KEY) || r.err().contains(KEY), r.describe());
    }

    @Test
    void an_agent_gets_only_the_allow_list_and_what_its_gate_names_in_env(@TempDir Path dir) throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        Files.writeString(dir.resolve("orchestration/workflows/hello.yaml"), Files.readString(dir.resolve("orchestration/workflows/hello.yaml"))
                .replace("    agent: greeter\n", "    agent: greeter\n    env: [DEPLOY_TOKEN, MY_TOOL_SETTING]\n"));
        cli.env("PATH", System.getenv("PATH")).env("MY_TOOL_SETTING", "fast").env("DEPLOY_TOKEN", KEY)
                .env("ANTHROPIC_API_KEY", UNNAMED).env("OTHER_SETTING", "x");
        cli.run("contracts", "check").assertExit(0);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        Files.createDirectories(dir.resolve("out/demo"));
        OrunCli.Result r = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "greeter", "--no-finish", "--",
                "sh", "-c", "env | sort > out/demo/agent-env.txt; echo key=$DEPLOY_TOKEN").assertExit(0);
        String env = Files.readString(dir.resolve("out/demo/agent-env.txt"));
        assertTrue(env.contains("DEPLOY_TOKEN=" + KEY) && env.contains("MY_TOOL_SETTING=fast"), "named: passed: " + env);
        assertTrue(env.contains("PATH=") && env.contains("ORUN_RUN_ID=" + id), env);
        assertFalse(env.contains("OTHER_SETTING"), "an unnamed variable is not passed to an agent: " + env);
        assertFalse(env.contains(UNNAMED), env);
        assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the terminal masks it" + r.describe());
        String written = everything(dir);
        assertFalse(written.contains(KEY), "no named secret in the run's files:\n" + written);
        assertTrue(written.contains("key=[REDACTED"), "the agent's log masks it:\n" + written);
    }

    @Test
    void contracts_check_refuses_a_bad_env_name_and_env_on_a_validation_that_runs_no_command(@TempDir Path dir) {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"env\": [\"1BAD\"], \"command\": \"true\"},"
                + " {\"type\": \"file_exists\", \"target\": \"README.md\", \"env\": [\"HOME\"]}]");
        OrunCli.Result r = f.cli.run("contracts", "check").assertExit(4);
        assertTrue(r.out().contains("t.G1.contract.json /validations/0/env/0: does not match the regex pattern"), r.describe());
        assertTrue(r.out().contains("/validations/1/env: only a command validation takes env"), r.describe());
        f.write("orchestration/workflows/t.yaml", "workflow: t\ngates:\n  - gate: G1\n    env: [\"A-B\"]\n"
                + "    contract: orchestration/gates/contracts/t.G1.contract.json\n");
        r = f.cli.run("contracts", "check").assertExit(4);
        assertTrue(r.out().contains("t.yaml /gates/0/env/0: does not match the regex pattern"), r.describe());
    }

    private static boolean waitDead(long pid) throws InterruptedException {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        for (int i = 0; i < 100 && h.map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        boolean alive = h.map(ProcessHandle::isAlive).orElse(false);
        h.ifPresent(ProcessHandle::destroyForcibly); // never leave it behind, whatever the verdict
        return !alive;
    }

    private static final String STUBBORN = "(trap '' TERM; exec sleep 120) & echo $! > stubborn.pid; sleep 120";

    @Test
    void a_timed_out_check_command_ends_a_grandchild_that_ignores_sigterm(@TempDir Path dir) throws Exception {
        GateFixture f = new GateFixture(dir).contract("[]", "[{\"type\": \"command\", \"timeout\": \"1s\", \"command\": [\"sh\", \"-c\","
                + " \"" + STUBBORN + "\"]}]");
        f.start("standard");
        OrunCli.Result r = f.finish().assertExit(1);
        assertTrue(r.out().contains("timed out after 1 s"), r.describe());
        long pid = Long.parseLong(Files.readString(dir.resolve("stubborn.pid")).strip());
        assertTrue(waitDead(pid), "the grandchild that ignores SIGTERM outlived the timeout");
    }

    @Test
    void a_timed_out_agent_ends_a_grandchild_that_ignores_sigterm(@TempDir Path dir) throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        OrunCli.Result r = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "stubborn", "--timeout", "1s", "--no-finish",
                "--", "sh", "-c", STUBBORN);
        assertEquals(1, r.exit(), r.describe());
        long pid = Long.parseLong(Files.readString(dir.resolve("stubborn.pid")).strip());
        assertTrue(waitDead(pid), "the agent's grandchild that ignores SIGTERM outlived the timeout");
    }
}
