package dev.orun.cli;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared compatibility data and fakes beside the project ({@code ../shared}). A user's fresh clone has no
 * such folder: tests that need it call {@link #require} and are skipped, visibly, saying what is missing.
 */
public final class Shared {
    public static final Path ROOT = Path.of("..", "shared").toAbsolutePath().normalize();

    private Shared() {
    }

    /** A path under {@code ../shared/compat}, e.g. {@code compat("esy-runner")}. */
    public static Path compat(String relative) {
        return ROOT.resolve("compat").resolve(relative);
    }

    /** A path under {@code ../shared/fakes}, e.g. {@code fakes("serve")}. */
    public static Path fakes(String relative) {
        return ROOT.resolve("fakes").resolve(relative);
    }

    public static boolean present(Path p) {
        return Files.exists(p);
    }

    /** Skips the calling test (or class, from a {@code @BeforeAll}) when {@code p} is absent; returns {@code p}. */
    public static Path require(Path p) {
        Assumptions.assumeTrue(Files.exists(p), () -> "skipped: " + p + " is absent; this test needs ../shared "
                + "(the compatibility data and fakes) beside the project");
        return p;
    }
}
