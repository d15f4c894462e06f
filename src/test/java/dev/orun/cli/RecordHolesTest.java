package dev.orun.cli;

import dev.orun.cli.OrunCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holes a failure test found in the record's integrity (issue 12): each was seen open before its fix. */
class RecordHolesTest {
    @TempDir
    Path repo;

    private OrunCli cli;

    private OrunCli cli() {
        if (cli == null) {
            cli = OrunCli.initialisedRepo(repo);
        }
        return cli;
    }

    private String start(String slug) {
        return cli().run("run", "start", "--workflow", "hello", "--slug", slug, "--artifact-path", "out/" + slug)
                .assertExit(0).lastLine();
    }

    private Path runJson(String id) {
        return repo.resolve("orchestration/runs").resolve(id).resolve("record/RUN.json");
    }

    @Test
    void a_record_naming_another_runs_id_is_refused_with_exit_4_and_the_other_run_is_untouched() throws Exception {
        String a = start("alpha");
        String b = start("beta");
        cli().run("gate", "start", "--run", b, "--gate", "G1", "--agent", "me").assertExit(0);
        byte[] before = Files.readAllBytes(runJson(b));
        Files.writeString(runJson(a), Files.readString(runJson(a)).replace("\"run_id\" : \"" + a + "\"", "\"run_id\" : \"" + b + "\"")
                .replace("\"run_id\": \"" + a + "\"", "\"run_id\": \"" + b + "\""));
        assertTrue(Files.readString(runJson(a)).contains(b), "the edit took");

        Result r = cli().run("gate", "start", "--run", a, "--gate", "G1", "--agent", "me").assertExit(4);

        assertTrue(r.err().contains("/run_id") && r.err().contains(a), r.describe());
        assertArrayEquals(before, Files.readAllBytes(runJson(b)), "run B's record was rewritten");
        Result verify = cli().run("run", "verify", "--run", a).assertExit(1);
        assertTrue(verify.out().contains("/run_id"), verify.describe());
    }
}
