package dev.orun.scrub;

import dev.orun.http.Secrets;

import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * A writer that scrubs what passes through before it reaches the target, holding text so a match split across two
 * writes is still found. It holds text one of two ways:
 * <ul>
 *   <li>line by line ({@link #wrap(Writer, PiiScrubber)}, for logs): each complete line is scrubbed and handed on at
 *   once; a line of {@code MAX_HELD} characters is handed on as it is (scrubbed) so nothing waits unbounded; a flush
 *   hands on complete lines only;</li>
 *   <li>until a flush ({@link #wrap(Writer, Secrets, boolean)}, for what is shown): with {@code holdBack} (streamed
 *   agent output) a flush keeps the last characters back — as many as the longest secret, so a secret split across
 *   two writes is still masked whole.</li>
 * </ul>
 * {@link #drain} and {@link #close} write everything held.
 */
public final class ScrubbingWriter extends Writer {
    private static final int MAX_HELD = 64 * 1024;
    private final Writer target;
    private final UnaryOperator<String> scrub;
    private final boolean byLine;
    private final int hold;
    private final StringBuilder buffer = new StringBuilder();

    private ScrubbingWriter(Writer target, UnaryOperator<String> scrub, boolean byLine, int hold) {
        this.target = target;
        this.scrub = scrub;
        this.byLine = byLine;
        this.hold = hold;
    }

    /** Masks {@code secrets}, holding text until a flush; the writer itself when there is nothing to mask. */
    public static Writer wrap(Writer target, Secrets secrets, boolean holdBack) {
        return secrets.isEmpty() ? target
                : new ScrubbingWriter(target, secrets::scrub, false, holdBack ? secrets.longestForm() / 6 : 0);
    }

    /** Scrubs with {@code scrubber} line by line; the writer itself when there is nothing to scrub. */
    public static Writer wrap(Writer target, PiiScrubber scrubber) {
        return scrubber.active() ? new ScrubbingWriter(target, scrubber::scrub, true, 0) : target;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        synchronized (lock) {
            if (!byLine) {
                buffer.append(cbuf, off, len);
                if (buffer.length() > MAX_HELD) {
                    emit(hold);
                }
                return;
            }
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                buffer.append(c);
                // One line at a time: a pattern that may span lines (a PEM key) must not see the next one.
                if (c == '\n' || buffer.length() >= MAX_HELD) {
                    emit(0);
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            if (!byLine) {
                emit(hold);
            }
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
