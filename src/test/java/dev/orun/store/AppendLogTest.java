package dev.orun.store;

import dev.orun.scrub.PiiScrubber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AppendLogTest {
    private static final PiiScrubber EMAIL = new PiiScrubber(List.of(PiiScrubber.EMAIL), List.of("s3cr3t-value-1"));

    @Test
    void log_writer_hands_on_whole_lines_so_a_match_split_across_writes_is_scrubbed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/a/b/output.log");
        Writer w = AppendLog.open(file, EMAIL::scrub);
        w.write("mail ann@exa");
        w.write("mple.org\nrest");
        w.flush();
        assertEquals("mail [REDACTED:email]\n", read(file));
        w.close();
        assertEquals("mail [REDACTED:email]\nrest", read(file));
    }

    @Test
    void append_adds_to_what_is_there_and_scrubs_each_line(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("issues/sync.log");
        AppendLog.append(file, "one s3cr3t-value-1\n", EMAIL::scrub);
        AppendLog.append(file, "two bob@example.com\nthree\n", EMAIL::scrub);
        try (Writer w = AppendLog.open(file, EMAIL::scrub)) {
            w.write("four\n");
        }
        assertEquals("one [REDACTED:secret]\ntwo [REDACTED:email]\nthree\nfour\n", read(file));
    }

    @Test
    void child_output_starts_the_file_empty_and_the_child_writes_it(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checks/check-0.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old run\n");
        Process p = new ProcessBuilder("sh", "-c", "echo fresh").redirectOutput(AppendLog.childOutput(file)).start();
        assertEquals(0, p.waitFor());
        assertEquals("fresh\n", read(file));
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
