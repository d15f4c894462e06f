package dev.orun.issues;

import dev.orun.schema.SchemaValidator;
import dev.orun.store.RootLocator;
import dev.orun.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class IssueSyncLogTest {
    private static final String RUN = "run_20260121T145214945Z_demo_abc123";
    private static final String TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

    @Test
    void the_sync_log_masks_the_environments_secrets_and_personal_data(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("orchestration"));
        RunStore store = new RunStore(RootLocator.locate(repo, Map.of(), repo), new SchemaValidator(), Duration.ofSeconds(5));
        Clock clock = Clock.fixed(Instant.parse("2026-01-21T14:52:14Z"), ZoneOffset.UTC);
        IssueSync sync = new IssueSync(store, clock, Duration.ofSeconds(5), Map.of("GITHUB_TOKEN", TOKEN));

        Consumer<String> log = sync.log(RUN, false);
        log.accept("GET /repos/o/r/issues?access_token=" + TOKEN + " 200");
        log.accept("assigned to ann@example.org");

        String written = Files.readString(store.paths().logsDir(RUN).resolve("issues/sync.log"));
        assertFalse(written.contains(TOKEN), written);
        assertFalse(written.contains("ann@example.org"), written);
        assertEquals(2, written.lines().count(), written);
        assertEquals(true, written.startsWith("2026-01-21T14:52:14"), written);
    }

    @Test
    void a_dry_run_writes_no_log(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("orchestration"));
        RunStore store = new RunStore(RootLocator.locate(repo, Map.of(), repo), new SchemaValidator(), Duration.ofSeconds(5));
        new IssueSync(store, Clock.systemUTC(), Duration.ofSeconds(5), Map.of()).log(RUN, true).accept("GET /x 200");
        assertFalse(Files.exists(store.paths().logsDir(RUN)), "nothing under logs/");
    }
}
