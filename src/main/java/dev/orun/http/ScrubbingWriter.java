package dev.orun.http;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that masks {@link Secrets} in what passes through. Text is held until a flush; with {@code holdBack}
 * (streamed agent output) a flush keeps the last characters back — as many as the longest secret, so a secret split
 * across two writes is still masked whole — and only {@link #close} writes them.
 */
public final class ScrubbingWriter extends Writer {
    private final Writer target;
    private final Secrets secrets;
    private final int hold;
    private final StringBuilder buffer = new StringBuilder();

    public ScrubbingWriter(Writer target, Secrets secrets, boolean holdBack) {
        this.target = target;
        this.secrets = secrets;
        this.hold = holdBack ? secrets.longestForm() / 6 : 0;
    }

    /** The writer itself when there is nothing to mask. */
    public static Writer wrap(Writer target, Secrets secrets, boolean holdBack) {
        return secrets.isEmpty() ? target : new ScrubbingWriter(target, secrets, holdBack);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        synchronized (lock) {
            buffer.append(cbuf, off, len);
            if (buffer.length() > 64 * 1024) {
                emit(hold);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            emit(hold);
            target.flush();
        }
    }

    /** Writes everything held back, and flushes, leaving the target open. */
    public void drain() throws IOException {
        synchronized (lock) {
            emit(0);
            target.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            emit(0);
            target.close();
        }
    }

    private void emit(int keep) throws IOException {
        if (buffer.length() == 0) {
            return;
        }
        String scrubbed = secrets.scrub(buffer.toString());
        int upTo = Math.max(0, scrubbed.length() - keep);
        target.write(scrubbed, 0, upTo);
        buffer.setLength(0);
        buffer.append(scrubbed, upTo, scrubbed.length());
    }
}
