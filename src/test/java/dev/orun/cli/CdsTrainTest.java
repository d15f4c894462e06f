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
        assertEquals(before, scratchFolders(), "the scratch repository is deleted");
    }
}
