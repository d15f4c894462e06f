package dev.orun.cli.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliContextTest {
    @Test
    void the_launchers_tty_flags_decide_who_can_answer_and_where_progress_is_drawn() {
        String in = System.getProperty("orun.tty.in");
        String err = System.getProperty("orun.tty.err");
        try {
            // `orun run W | tee log` at a keyboard: stdin is a terminal, stdout is not.
            System.setProperty("orun.tty.in", "true");
            System.setProperty("orun.tty.err", "false");
            CliContext piped = CliContext.system();
            assertTrue(piped.terminal(), "a person can answer on stdin");
            assertFalse(piped.errTerminal(), "no progress bar into a redirected stderr");

            System.setProperty("orun.tty.in", "false");
            System.setProperty("orun.tty.err", "true");
            CliContext batch = CliContext.system();
            assertFalse(batch.terminal(), "stdin from a file or CI: never wait for a person");
            assertTrue(batch.errTerminal());
        } finally {
            restore("orun.tty.in", in);
            restore("orun.tty.err", err);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
