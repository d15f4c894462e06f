package dev.orun.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records the test classes skipped whole — an assumption that failed in {@code @BeforeAll} (the conformance tests
 * that need ../shared/fakes), or a disabled class — in {@code target/skipped-classes.tsv}: surefire's reports show
 * such a class as "Tests run: 0" with no reason, so the skip summary of the build (src/build/SkippedTests.java)
 * reads them from here. Test-level skips are in surefire's reports already. Registered through
 * META-INF/services for the JUnit Platform launcher.
 */
public final class AbortedClassesRecorder implements TestExecutionListener {
    static final Path FILE = Path.of("target", "skipped-classes.tsv");
    private static boolean started;
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        synchronized (AbortedClassesRecorder.class) {
            if (!started) {
                started = true; // one file a test JVM (surefire forks one): what an earlier run left goes
                try {
                    Files.deleteIfExists(FILE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        record(id, reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(id, result.getThrowable().map(Throwable::getMessage).orElse(""));
        }
    }

    private void record(TestIdentifier id, String reason) {
        if (!id.isContainer() || id.getSource().filter(ClassSource.class::isInstance).isEmpty()) {
            return;
        }
        String className = ((ClassSource) id.getSource().get()).getClassName();
        long tests = plan == null ? 0 : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
        String why = (reason == null ? "" : reason).replaceFirst("^Assumption failed: ", "").replaceAll("[\t\r\n]+", " ").strip();
        String line = Math.max(1, tests) + "\t" + className + "\t" + why + "\n";
        synchronized (AbortedClassesRecorder.class) {
            try {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
