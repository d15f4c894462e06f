package dev.orun.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * The one writer of append-only logs ({@code logs/}, the agent transcript, {@code $GITHUB_STEP_SUMMARY}): folders
 * are made on the way, the file is opened for appending, and every line passes through the caller's scrubber
 * before it reaches the disk (the scrubber is a function so that {@code store/} need not know {@code scrub/}).
 * <p>A line is scrubbed whole, one at a time: a pattern that may span lines (a PEM key) must not see the next one;
 * a line of {@value #MAX_HELD} characters is handed on as it is (scrubbed) so nothing waits unbounded. A flush hands
 * on complete lines only; {@link #close} writes what is held.
 */
public final class AppendLog extends Writer {
    static final int MAX_HELD = 64 * 1024;
    private final OutputStream target;
    private final UnaryOperator<String> scrub;
    private final StringBuilder held = new StringBuilder();

    private AppendLog(OutputStream target, UnaryOperator<String> scrub) {
        this.target = target;
        this.scrub = scrub;
    }

    /** Opens {@code file} for appending, creating it and its folders. */
    public static AppendLog open(Path file, UnaryOperator<String> scrub) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return new AppendLog(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), scrub);
    }

    /**
     * Appends {@code text}, scrubbed line by line, in one write: lines that concurrent writers append to the same
     * file do not interleave within a write (O_APPEND).
     */
    public static void append(Path file, String text, UnaryOperator<String> scrub) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, scrubLines(text, scrub).getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /**
     * Where a child process appends its own output ({@code ProcessBuilder.redirectOutput}), its folders made. The
     * child writes the file itself, so nothing scrubs it: only for children that run with an allow-listed
     * environment (contract checks, pre-scripts), never for agents (those go through {@link #open}). The file
     * starts empty: a check run again on the same attempt starts its log afresh.
     */
    public static ProcessBuilder.Redirect childOutput(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return ProcessBuilder.Redirect.to(file.toFile());
    }

    private static String scrubLines(String text, UnaryOperator<String> scrub) {
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.append(scrub.apply(text.substring(start, end)));
            start = end;
        }
        return out.toString();
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        synchronized (lock) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                held.append(c);
                if (c == '\n' || held.length() >= MAX_HELD) {
                    emit();
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            target.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            try {
                emit();
            } finally {
                target.close();
            }
        }
    }

    private void emit() throws IOException {
        if (held.length() == 0) {
            return;
        }
        String line = scrub.apply(held.toString());
        held.setLength(0);
        target.write(line.getBytes(StandardCharsets.UTF_8));
    }
}
