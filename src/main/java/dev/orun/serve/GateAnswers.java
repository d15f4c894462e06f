package dev.orun.serve;

import dev.orun.error.OrunException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The page's answers carried out off the request: <em>done</em> and <em>fail</em> validate the gate and drive the
 * pipeline on (agent gates may run for minutes), so the request only checks the answer and hands it to a worker;
 * the run's page says "validating…" until the worker is through, then shows what happened. The worker drives the
 * run as {@code orun run resume} does, under the run's lock and lease. One answer per run at a time.
 */
final class GateAnswers implements AutoCloseable {
    /** An answer being carried out, or carried out: its lines once done (an error is a line too). */
    static final class Job {
        final String gate;
        final String answer;
        final long startedNanos = System.nanoTime();
        volatile List<String> lines;

        Job(String gate, String answer) {
            this.gate = gate;
            this.answer = answer;
        }

        boolean running() {
            return lines == null;
        }
    }

    private static final int MAX_KEPT = 1024;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final Consumer<String> errors;

    GateAnswers(Consumer<String> errors) {
        this.errors = errors;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "orun-serve-gate-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The run's current or last answer, or null. */
    Job job(String runId) {
        return jobs.get(runId);
    }

    /**
     * Starts {@code work} on a worker for the run; 409 when an answer for the run is still being carried out.
     * {@code after} runs when it is through, whatever happened.
     */
    void submit(String runId, String gate, String answer, Supplier<List<String>> work, Runnable after) {
        Job job = new Job(gate, answer);
        Job before = jobs.compute(runId, (k, old) -> old != null && old.running() ? old : job);
        if (before != job) {
            throw new ApiException(409, "conflict", "run " + runId + " is still carrying out the answer '" + before.answer
                    + "' to gate " + before.gate + ": wait for its result on the run's page", null);
        }
        if (jobs.size() > MAX_KEPT) {
            jobs.entrySet().removeIf(e -> !e.getValue().running() && !e.getKey().equals(runId));
        }
        workers.execute(() -> {
            List<String> lines;
            try {
                lines = work.get();
            } catch (ApiException | OrunException e) {
                lines = List.of("not carried out: " + e.getMessage());
            } catch (RuntimeException e) {
                errors.accept("orun serve: answer '" + answer + "' to gate " + gate + " of " + runId + ": " + e);
                lines = List.of("failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } finally {
                after.run();
            }
            job.lines = List.copyOf(lines);
        });
    }

    /** A finished answer that needed no worker (pause). */
    void record(String runId, String gate, String answer, List<String> lines) {
        Job job = new Job(gate, answer);
        job.lines = List.copyOf(lines);
        jobs.compute(runId, (k, old) -> old != null && old.running() ? old : job);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
