package dev.orun.cli.support;

/** Left-aligned text columns, for the tables commands print (run list, run show, gate finish, run verify). */
public final class Columns {
    private Columns() {
    }

    /**
     * Appends {@code s} left-aligned in at least {@code width} characters (printf's {@code %-Ns}), then {@code gap}
     * spaces: a value wider than its column still has {@code gap} spaces after it, never runs into the next one.
     */
    public static StringBuilder pad(StringBuilder sb, String s, int width, int gap) {
        sb.append(s);
        return spaces(sb, width + gap - Math.min(s.length(), width));
    }

    private static final String SPACES = " ".repeat(128);

    /** Appends {@code n} spaces (none when {@code n} is not positive): one copy, not a call per space. */
    public static StringBuilder spaces(StringBuilder sb, int n) {
        for (int left = n; left > 0; left -= SPACES.length()) {
            sb.append(SPACES, 0, Math.min(left, SPACES.length()));
        }
        return sb;
    }

    /**
     * The width of a column: {@code min}, or when a value is as long or longer, one more than the longest (so with a
     * gap of 1 a wide column is still set off by two spaces).
     */
    public static int width(int min, Iterable<String> values) {
        int w = min;
        for (String v : values) {
            w = Math.max(w, v == null ? 0 : v.length() + 1);
        }
        return w;
    }

    /**
     * One table row: each cell but the last left-aligned in its width (of {@code widths}) with a gap of 2, the last as it
     * is, then a newline.
     */
    public static void row(StringBuilder sb, int[] widths, String... cells) {
        for (int i = 0; i < cells.length - 1; i++) {
            pad(sb, cells[i], widths[i], 2);
        }
        sb.append(cells[cells.length - 1]).append('\n');
    }

    /** {@code s} left-aligned in at least {@code width} characters. */
    public static String pad(String s, int width) {
        return s.length() >= width ? s : pad(new StringBuilder(width), s, width, 0).toString();
    }
}
