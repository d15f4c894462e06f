package dev.orun.cli.support;

/** Left-aligned text columns, for the tables commands print (run list, run show, gate finish, run verify). */
public final class Columns {
    private Columns() {
    }

    /** Appends {@code s} left-aligned in at least {@code width} characters (printf's {@code %-Ns}), then {@code gap} spaces. */
    public static StringBuilder pad(StringBuilder sb, String s, int width, int gap) {
        sb.append(s);
        for (int i = s.length(); i < width + gap; i++) {
            sb.append(' ');
        }
        return sb;
    }

    /** {@code s} left-aligned in at least {@code width} characters. */
    public static String pad(String s, int width) {
        return s.length() >= width ? s : pad(new StringBuilder(width), s, width, 0).toString();
    }
}
