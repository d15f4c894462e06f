package dev.orun.store;

/**
 * A loop over {@code 0..n} split in two halves, the second on a helper thread: the per-run stats of {@code run list}
 * and {@code stats}. Plain threads: a parallel stream's set-up costs more than it saves at this size.
 */
public final class SplitWork {
    /** One half of the loop: indexes {@code from} (inclusive) to {@code to} (exclusive). */
    public interface Range {
        void run(int from, int to);
    }

    private SplitWork() {
    }

    private record Half(Range range, int from, int to) implements Runnable {
        @Override
        public void run() {
            range.run(from, to);
        }
    }

    /** Runs {@code range} over {@code 0..n}; below {@code minToSplit} items, on this thread alone. */
    public static void inHalves(int n, int minToSplit, String threadName, Range range) {
        if (n < minToSplit) {
            range.run(0, n);
            return;
        }
        int half = n / 2;
        // A named class, not a lambda: the class-data archive is trained on one run, where nothing is split, so a
        // lambda here was generated at run time, with five method-handle classes, on every list of two runs or more.
        Thread helper = new Thread(new Half(range, half, n), threadName);
        helper.setDaemon(true);
        helper.start();
        range.run(0, half);
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            range.run(half, n); // the helper's half again, on this thread: each index is written once per pass
        }
    }
}
