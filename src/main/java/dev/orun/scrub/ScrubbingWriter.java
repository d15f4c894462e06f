package dev.orun.scrub;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that scrubs whole lines before they reach the file: a match split across two writes is still found.
 * {@link #flush} hands on complete lines only; a line longer than {@code MAX_LINE} is handed on as it is
 * (scrubbed) so nothing waits unbounded; {@link #close} writes what is left.
 */
public final class ScrubbingWriter extends Writer {
    private static final int MAX_LINE = 64 * 1024;
    private final Writer out;
    private final PiiScrubber scrubber;
    private final StringBuilder line = new StringBuilder();

    public ScrubbingWriter(Writer out, PiiScrubber scrubber) {
        this.out = out;
        this.scrubber = scrubber;
    }

    /** {@code out} itself when there is nothing to scrub. */
    public static Writer wrap(Writer out, PiiScrubber scrubber) {
        return scrubber.active() ? new ScrubbingWriter(out, scrubber) : out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            line.append(c);
            if (c == '\n' || line.length() >= MAX_LINE) {
                out.write(scrubber.scrub(line.toString()));
                line.setLength(0);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!line.isEmpty()) {
            out.write(scrubber.scrub(line.toString()));
            line.setLength(0);
        }
        out.close();
    }
}
