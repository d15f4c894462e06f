package dev.orun.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CdsTrainTest {
    private static List<Path> scratchFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("orun-cds-train-")).toList();
        }
    }

    @Test
    void training_runs_every_everyday_command_to_its_expected_exit_and_leaves_no_scratch_folder() throws IOException {
        List<Path> before = scratchFolders();
        assertEquals(List.of(), CdsTrainCommand.train(), "every training command ends as expected");
        // another process's training (a launcher building its archive) may remove its own folder meanwhile: what
        // matters is that this training left none behind
        List<Path> left = new java.util.ArrayList<>(scratchFolders());
        left.removeAll(before);
        assertEquals(List.of(), left, "the scratch repository is deleted");
    }

    @Test
    void the_read_training_runs_on_a_kept_scratch_repository_and_deletes_it() throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(dev.orun.cli.support.CliContext.system(), new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                "__cds-train", "--keep");
        assertEquals(0, code, err.toString());
        Path kept = Path.of(out.toString().strip());
        assertEquals(true, Files.isDirectory(kept.resolve("orchestration")), "kept: " + kept);
        assertEquals(0, CdsTrainCommand.trainRead(kept, new java.io.PrintWriter(err)), "every read-only command ends as expected");
        assertEquals(false, Files.exists(kept), "deleted after");
    }

    @Test
    void the_read_training_refuses_any_folder_but_a_scratch_repository_and_deletes_nothing(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path repo = dir.resolve("orun-cds-train-lookalike");
        Files.createDirectories(repo.resolve("orchestration"));
        Files.writeString(repo.resolve("keep.txt"), "mine");
        for (Path p : List.of(Path.of(""), Path.of("."), dir, repo.resolve("orchestration"))) {
            java.io.StringWriter err = new java.io.StringWriter();
            assertEquals(2, CdsTrainCommand.trainRead(p, new java.io.PrintWriter(err)), p.toString());
            assertEquals(true, err.toString().startsWith("orun: __cds-train-read takes a scratch repository"), err.toString());
        }
        assertEquals("mine", Files.readString(repo.resolve("keep.txt")), "nothing deleted");
    }
}
