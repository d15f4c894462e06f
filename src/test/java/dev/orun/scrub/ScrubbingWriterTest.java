package dev.orun.scrub;

import dev.orun.http.Secrets;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.io.Writer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ScrubbingWriterTest {
    @Test
    void shown_writer_holds_back_the_tail_so_a_secret_split_across_flushes_is_masked_whole() throws Exception {
        StringWriter target = new StringWriter();
        Writer w = ScrubbingWriter.wrap(target, new Secrets(List.of("s3cr3t-value")), true);
        w.write("key s3cr3t");
        w.flush();
        w.write("-value done\n");
        w.flush();
        ((ScrubbingWriter) w).drain();
        assertEquals("key " + Secrets.MASK + " done\n", target.toString());
    }

    @Test
    void nothing_to_scrub_leaves_the_writer_as_it_is() {
        StringWriter target = new StringWriter();
        assertSame(target, ScrubbingWriter.wrap(target, Secrets.none(), true));
    }
}
