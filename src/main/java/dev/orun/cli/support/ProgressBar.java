package dev.orun.cli.support;

import dev.orun.gate.HashProgress;

import java.io.PrintWriter;

/** A hashing progress bar on stderr, drawn only on a terminal, without --json, once hashing is big enough to wait for. */
public final class ProgressBar implements HashProgress {
    private static final long MIN_BYTES = 64L << 20;
    private final PrintWriter err;
    private long lastDrawn = -1;
    private boolean drawn;

    private ProgressBar(PrintWriter err) {
        this.err = err;
    }

    public static HashProgress forHashing(GlobalOptions global, CliContext ctx) {
        if (global.json() || !ctx.errTerminal()) {
            return HashProgress.NONE;
        }
        return new ProgressBar(global.err());
    }

    @Override
    public synchronized void advanced(long done, long total) {
        if (total < MIN_BYTES) {
            return;
        }
        long pct = done * 100 / Math.max(1, total);
        if (pct == lastDrawn) {
            return;
        }
        lastDrawn = pct;
        int width = 30;
        int filled = (int) (pct * width / 100);
        err.print("\rhashing [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + pct + "% of " + (total >> 20) + " MiB");
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void finished() {
        if (drawn) {
            err.print("\r" + " ".repeat(70) + "\r");
            err.flush();
        }
    }
}
