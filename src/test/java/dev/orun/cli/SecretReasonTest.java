package dev.orun.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key that reaches orun's own text (a failure reason a person typed) is masked in the attempt file as in RUN.json,
 * and on the terminal — a key kept in the repository's .env included (seen by bench/failure-test.sh).
 */
class SecretReasonTest {
    private static final String ENV_KEY = "sk-ant-api03-reason-5b1c2d3e4f";
    private static final String DOTENV_KEY = "dpl_reason_0a9b8c7d6e5f";

    @Test
    void a_key_in_a_failure_reason_reaches_neither_the_attempt_file_nor_the_terminal(@TempDir Path dir) throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir).env("ANTHROPIC_API_KEY", ENV_KEY);
        Files.writeString(dir.resolve(".env"), "DEPLOY_TOKEN=\"" + DOTENV_KEY + "\"\n");
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", id, "--gate", "G1").assertExit(0);
        OrunCli.Result r = cli.run("gate", "fail", "--run", id, "--gate", "G1", "--reason", "keys " + ENV_KEY + " and " + DOTENV_KEY);
        assertFalse(r.out().contains(ENV_KEY) || r.err().contains(ENV_KEY), r.describe());
        assertFalse(r.out().contains(DOTENV_KEY) || r.err().contains(DOTENV_KEY), "a .env key is masked on the terminal" + r.describe());
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir.resolve("orchestration/runs"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                all.append(p).append('\n').append(Files.readString(p)).append('\n');
            }
        }
        assertFalse(all.toString().contains(ENV_KEY) || all.toString().contains(DOTENV_KEY), all.toString());
        assertTrue(all.toString().contains("keys [REDACTED] and [REDACTED]"), all.toString());
        cli.run("run", "verify", "--run", id).assertExit(0);
    }
}
