package dev.orun.cli.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CiReportsTest {
    @Test
    void the_step_summary_is_appended_with_the_environments_secrets_masked(@TempDir Path dir) throws Exception {
        String key = "sk-ant-" + "api03-abcdefghijklmnopqrstuvwxyz0123";
        Path summary = dir.resolve("step/summary.md");
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, "earlier step\n");
        CliContext ctx = new CliContext(dir, Map.of("GITHUB_STEP_SUMMARY", "step/summary.md", "ANTHROPIC_API_KEY", key),
                Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), false);

        CiReports.stepSummary(ctx, "orun gate G1: FAIL", List.of(
                new CiReports.Case("G1", "command_succeeds", "out/a.md", "error", "exit 1: key " + key + " refused")));

        String md = Files.readString(summary);
        assertTrue(md.startsWith("earlier step\n### orun gate G1: FAIL\n"), md);
        assertTrue(md.contains("| ❌ | command_succeeds | `out/a.md` |"), md);
        assertFalse(md.contains(key), md);
    }
}
