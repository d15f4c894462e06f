package dev.orun.exec;

import java.util.function.Function;

/**
 * Fills {@code {name}} placeholders in a script for {@code sh -c} so that a value is always one word of data, never
 * shell syntax: each value is quoted for where it stands (bare, inside '…' or inside "…"). An artifact path such as
 * {@code out/a'; touch X; echo '} stays a path. {@code ${NAME}} (the shell's own expansion) and unknown names are
 * left as written.
 */
public final class ShellScript {
    private ShellScript() {
    }

    /** {@code value} gives a placeholder's value, or null to leave it as written. */
    public static String fill(String script, Function<String, String> value) {
        StringBuilder out = new StringBuilder();
        char quote = 0; // 0 bare, '\'' or '"'
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            if (c == '{' && (i == 0 || script.charAt(i - 1) != '$')) {
                int end = placeholderEnd(script, i);
                if (end > 0) {
                    String v = value.apply(script.substring(i + 1, end));
                    if (v != null) {
                        out.append(quoted(v, quote));
                        i = end;
                        continue;
                    }
                }
            }
            out.append(c);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                }
            } else if (c == '\\' && i + 1 < n) {
                out.append(script.charAt(++i));
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return out.toString();
    }

    /** The index of the closing brace of a {@code {name}} at {@code open}, or -1. */
    private static int placeholderEnd(String s, int open) {
        int i = open + 1;
        if (i >= s.length() || !(Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            return -1;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '}') {
                return i;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                return -1;
            }
        }
        return -1;
    }

    static String quoted(String v, char context) {
        if (context == '\'') {
            return v.replace("'", "'\\''");
        }
        if (context == '"') {
            StringBuilder sb = new StringBuilder();
            for (char c : v.toCharArray()) {
                if (c == '"' || c == '\\' || c == '$' || c == '`') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return "'" + v.replace("'", "'\\''") + "'";
    }

    /** Whether argument {@code i} of {@code argv} is a script a shell runs ({@code sh -c SCRIPT}, {@code bash -lc SCRIPT}). */
    public static boolean isScript(java.util.List<String> argv, int i) {
        if (i < 2 || argv.isEmpty()) {
            return false;
        }
        String shell = argv.get(0);
        String name = shell.substring(shell.lastIndexOf('/') + 1);
        if (!name.matches("(ba|da|z|k|a)?sh")) {
            return false;
        }
        for (int j = 1; j < i; j++) {
            String a = argv.get(j);
            if (!a.startsWith("-")) {
                return false;
            }
            if (a.contains("c") && j == i - 1) {
                return true;
            }
        }
        return false;
    }
}
