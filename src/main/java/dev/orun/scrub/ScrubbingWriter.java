package dev.orun.scrub;

import dev.orun.http.Secrets;

import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * A writer that masks secrets in what is shown (stdout, stderr, streamed agent output) before it reaches the
 * target, holding text until a flush so a match split across two writes is still found: with {@code holdBack} a
 * flush keeps the last characters back — as many as the longest secret, so a secret split across two flushes is
 * still masked whole. {@link #drain} and {@link #close} write everything held. (Logs are scrubbed line by line by
 * {@code store.AppendLog}.)
 */
public final class ScrubbingWriter extends Writer {
    private static final int MAX_HELD = 64 * 1024;
    private final Writer target;
    private final UnaryOperator<String> scrub;
    private final int hold;
    private final StringBuilder buffer = new StringBuilder();

    private ScrubbingWriter(Writer target, UnaryOperator<String> scrub, int hold) {
        this.target = target;
        this.scrub = scrub;
        this.hold = hold;
    }

    /** Masks {@code secrets}, holding text until a flush; the writer itself when there is nothing to mask. */
    public static Writer wrap(Writer target, Secrets secrets, boolean holdBack) {
        return secrets.isEmpty() ? target
                : new ScrubbingWriter(target, secrets::scrub, holdBack ? secrets.longestForm() / 6 : 0);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        synchronized (lock) {
            buffer.append(cbuf, off, len);
            if (buffer.length() > MAX_HELD) {
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

    /** Scrubs what is held and writes all of it but the last {@code keep} characters (of the scrubbed text). */
    private void emit(int keep) throws IOException {
        if (buffer.length() == 0) {
            return;
        }
        String scrubbed = scrub.apply(buffer.toString());
        int upTo = Math.max(0, scrubbed.length() - keep);
        target.write(scrubbed, 0, upTo);
        buffer.setLength(0);
        buffer.append(scrubbed, upTo, scrubbed.length());
    }
}
