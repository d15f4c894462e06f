package dev.orun.gate;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drive-letter check of recorded outputs says what {@code p.matches("^[A-Za-z]:.*")} said, without a regex. */
class DriveLetterPathTest {
    @Test
    void agrees_with_the_regex_it_replaces_on_random_paths() {
        Pattern regex = Pattern.compile("^[A-Za-z]:.*");
        String[] parts = {"C:", "q:", "C", "c", "z", "Z", "@", "[", "`", "{", "1", ":", "/", "\\", "out", "\n", "\r", "\u0085", "\u2028",
                "\u2029", "é", " ", ""};
        Random random = new Random(14);
        int drives = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(6); k > 0; k--) {
                sb.append(parts[random.nextInt(parts.length)]);
            }
            String p = sb.toString();
            boolean expected = regex.matcher(p).matches();
            drives += expected ? 1 : 0;
            assertEquals(expected, RepoFiles.driveLetterPath(p), "[" + p + "]");
        }
        assertTrue(drives > 500, "drive paths generated: " + drives);
    }
}
