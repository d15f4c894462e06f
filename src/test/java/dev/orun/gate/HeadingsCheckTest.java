package dev.orun.gate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HeadingsCheck's line splitter is {@code split("\\R", -1)}, without the regex. */
class HeadingsCheckTest {
    private static final char[] CHARS = {'a', '#', ' ', '\n', '\r', '\u000B', '\f', '\u0085', '\u2028', '\u2029', '\t', '\u001C'};

    @Test
    void linesAreTheRegexSplit() {
        Random random = new Random(3);
        for (int round = 0; round < 100_000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                sb.append(CHARS[random.nextInt(CHARS.length)]);
            }
            String text = sb.toString();
            assertEquals(Arrays.asList(text.split("\\R", -1)), HeadingsCheck.lines(text), () -> "of " + text.chars().boxed().toList());
        }
    }
}
