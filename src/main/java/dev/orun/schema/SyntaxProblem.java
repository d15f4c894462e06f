package dev.orun.schema;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON or YAML syntax error in orun's words: where (line and column, 1-based), what is wrong, and how to fix
 * it. Jackson's own text names its features, classes and sources ("StreamReadFeature…", "[Source: …]"); none of
 * that reaches a user.
 *
 * @param line   1-based, or 0 when unknown
 * @param column 1-based, or 0 when unknown
 * @param what   what is wrong, e.g. {@code key "a" is given twice}
 * @param fix    what to do, e.g. {@code keep one of them}
 */
public record SyntaxProblem(int line, int column, String what, String fix) {
    private static final Pattern CHAR = Pattern.compile("^Unexpected character \\('(.)' \\(code (\\d+)\\)\\)");
    private static final Pattern CTRL = Pattern.compile("\\(CTRL-CHAR, code (\\d+)\\)");
    private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '([^']*)'");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:Object property|field) \"(.*)\"");
    private static final Pattern ESCAPE = Pattern.compile("^Unrecognized character escape '(.)'");
    private static final Pattern CLOSE = Pattern.compile("^Unexpected close marker '(.)': expected '(.)'");

    /** " at line L, column C: what: fix" — to follow "FILE: not valid JSON". */
    public String sentence() {
        return (line > 0 ? " at line " + line + (column > 0 ? ", column " + column : "") : "") + ": " + what + ": " + fix;
    }

    /** The problem of a failed JSON read. */
    public static SyntaxProblem ofJson(JacksonException e) {
        return of(e, false);
    }

    /** The problem of a failed YAML read (SnakeYAML's own position is used: Jackson's lags a token behind). */
    public static SyntaxProblem ofYaml(JacksonException e) {
        return of(e, true);
    }

    /** JSON or YAML by the file name's ending ({@code .yaml}, {@code .yml}). */
    public static SyntaxProblem of(JacksonException e, String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return of(e, n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    /**
     * A tree that parsed but does not fit the model it is read into (a schema should have caught it first):
     * "/gates/0/attempts: has the wrong type or value", naming the field by JSON pointer.
     */
    public static String binding(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            pointer.append('/').append(r.getPropertyName() != null ? r.getPropertyName().replace("~", "~0").replace("/", "~1")
                    : String.valueOf(r.getIndex()));
        }
        String orig = String.valueOf(e.getOriginalMessage());
        String what = orig.startsWith("Unrecognized property") || orig.startsWith("Unrecognized field") ? "is not a known field"
                : orig.contains("Missing required") || orig.contains("missing") ? "lacks a required value"
                : "has the wrong type or value";
        return (pointer.length() == 0 ? "/" : pointer.toString()) + ": " + what;
    }

    private static SyntaxProblem of(JacksonException e, boolean yaml) {
        int line = 0;
        int column = 0;
        TokenStreamLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            line = loc.getLineNr();
            column = Math.max(loc.getColumnNr(), 0);
        }
        String orig = String.valueOf(e.getOriginalMessage());
        if (yaml && e.getCause() instanceof MarkedYamlEngineException m) {
            Optional<Mark> mark = m.getProblemMark().or(m::getContextMark);
            if (mark.isPresent()) {
                line = mark.get().getLine() + 1;
                column = mark.get().getColumn() + 1;
            }
            String context = m.getContext() == null ? "" : m.getContext();
            String problem = m.getProblem() == null ? "" : m.getProblem();
            return new SyntaxProblem(line, column, yamlWhat(context, problem), yamlFix(context, problem));
        }
        String[] wf = jsonWhatFix(orig, yaml);
        return new SyntaxProblem(line, column, wf[0], wf[1]);
    }

    private static String[] jsonWhatFix(String orig, boolean yaml) {
        Matcher m;
        if ((m = DUPLICATE.matcher(orig)).find()) {
            return new String[]{"key \"" + m.group(1) + "\" is given twice in one object", "keep one of them"};
        }
        if ((m = CLOSE.matcher(orig)).find()) {
            return new String[]{"'" + m.group(1) + "' closes a bracket that was opened with '" + open(m.group(2)) + "'",
                    "close it with '" + m.group(2) + "'"};
        }
        if (orig.startsWith("Unexpected end-of-input")) {
            if (orig.contains("closing quote") || orig.contains("VALUE_STRING") || orig.contains("PROPERTY_NAME")) {
                return new String[]{"a string is not closed before the end of the file", "end it with a double quote"};
            }
            return new String[]{"the file ends inside an object or array", "close every '{' with '}' and every '[' with ']'"};
        }
        if ((m = CHAR.matcher(orig)).find()) {
            String c = m.group(1);
            int code = Integer.parseInt(m.group(2));
            String shown = code < 0x20 || code == 0x7f ? "a control character (" + unicode(code) + ")" : "'" + c + "'";
            if (orig.contains("comment")) {
                return new String[]{"a comment: JSON has none", "remove it (or put the note in a \"description\" field)"};
            }
            if (orig.contains("double-quote to start property name")) {
                if (c.equals("}")) {
                    return new String[]{"a comma before '}' (a trailing comma)", "remove the last comma of the object"};
                }
                if (c.equals("'")) {
                    return new String[]{"a key in single quotes", "use double quotes"};
                }
                return new String[]{shown + " where a key in double quotes should start", "write keys as \"name\": value"};
            }
            if (orig.contains("expected a valid value") || orig.contains("expected a value") || orig.contains("was expecting (JSON")) {
                if (c.equals("]")) {
                    return new String[]{"a comma before ']' (a trailing comma)", "remove the last comma of the array"};
                }
                if (c.equals("'")) {
                    return new String[]{"a string in single quotes", "use double quotes"};
                }
                return new String[]{shown + " where a value should start", "write a string in double quotes, a number, "
                        + "an object, an array, true, false or null"};
            }
            if (orig.contains("colon")) {
                return new String[]{shown + " where the ':' after a key should be", "write \"key\": value"};
            }
            if (orig.contains("comma")) {
                return new String[]{shown + " where a ',' or the closing bracket should be", "separate the entries with commas"};
            }
            return new String[]{"unexpected " + shown, "fix the syntax there"};
        }
        if ((m = CTRL.matcher(orig)).find()) {
            int code = Integer.parseInt(m.group(1));
            return new String[]{"a control character (" + unicode(code) + ") inside a string",
                    "remove it or write it escaped, as \\u" + String.format(Locale.ROOT, "%04x", code)};
        }
        if ((m = TOKEN.matcher(orig)).find()) {
            String t = m.group(1);
            t = t.length() > 40 ? t.substring(0, 40) + "…" : t;
            return new String[]{"'" + t + "' is not a value", "put a string in double quotes; the only bare words are true, false and null"};
        }
        if ((m = ESCAPE.matcher(orig)).find()) {
            return new String[]{"'\\" + m.group(1) + "' is not an escape", "use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX "
                    + "(a backslash itself is \\\\)"};
        }
        if (orig.startsWith("Invalid numeric value") || orig.startsWith("Numeric value")) {
            if (orig.contains("Leading zeroes")) {
                return new String[]{"a number with a leading zero", "write it without the zero, or as a string"};
            }
            return new String[]{"a number that is not valid JSON", "write digits with an optional '-', '.' and exponent"};
        }
        if (orig.startsWith("Trailing token")) {
            return new String[]{"more content after the end of the value", "remove what follows the closing bracket"};
        }
        if (orig.contains("Invalid UTF-8") || orig.contains("Invalid UTF") || orig.contains("Illegal character")
                || orig.contains("surrogate")) {
            return new String[]{"bytes that are not UTF-8 text", "save the file as UTF-8"};
        }
        if (orig.contains("nesting depth") || orig.contains("Document nesting")) {
            return new String[]{"nested too deeply", "flatten the document"};
        }
        if (orig.contains("length") && orig.contains("exceeds")) {
            return new String[]{"a value longer than orun reads", "shorten it"};
        }
        return new String[]{"the " + (yaml ? "YAML" : "JSON") + " syntax is broken", "fix the syntax there"};
    }

    private static String unicode(int code) {
        return String.format(Locale.ROOT, "U+%04X", code);
    }

    private static String open(String close) {
        return switch (close) {
            case "]" -> "[";
            case "}" -> "{";
            default -> close;
        };
    }

    private static String yamlWhat(String context, String problem) {
        String p = problem.toLowerCase(Locale.ROOT);
        String c = context.toLowerCase(Locale.ROOT);
        if (p.contains("duplicate")) {
            return "a key is given twice in one mapping";
        }
        if (p.contains("tab")) {
            return "a tab character: YAML indents with spaces only";
        }
        if (c.contains("quoted scalar")) {
            return p.contains("end of stream") ? "a quoted string is not closed before the end of the file"
                    : "a quoted string is broken (" + plain(problem) + ")";
        }
        if (c.contains("flow sequence")) {
            return "a '[' list is not closed";
        }
        if (c.contains("flow mapping")) {
            return "a '{' mapping is not closed";
        }
        if (p.contains("mapping values are not allowed")) {
            return "a ': ' where a plain value should be";
        }
        if (c.contains("block") || p.contains("block end")) {
            return "the indentation does not line up (a line is more or less indented than its neighbours)";
        }
        if (p.contains("alias") || c.contains("alias")) {
            return "an alias (*name) that names no anchor";
        }
        if (p.contains("special characters are not allowed") || p.contains("cannot start any token")) {
            return "a character that cannot start a YAML value (" + plain(problem) + ")";
        }
        if (p.isEmpty()) {
            return "the YAML syntax is broken";
        }
        return "the YAML syntax is broken (" + plain(problem) + ")";
    }

    private static String yamlFix(String context, String problem) {
        String p = problem.toLowerCase(Locale.ROOT);
        String c = context.toLowerCase(Locale.ROOT);
        if (p.contains("tab")) {
            return "replace the tabs with spaces";
        }
        if (c.contains("quoted scalar")) {
            return "close the string with the quote it opened with";
        }
        if (c.contains("flow sequence")) {
            return "end it with ']'";
        }
        if (c.contains("flow mapping")) {
            return "end it with '}'";
        }
        if (p.contains("mapping values are not allowed")) {
            return "quote a value that contains ': ', or fix the indentation of the key";
        }
        if (c.contains("block") || p.contains("block end")) {
            return "indent the entries of one mapping or list by the same number of spaces";
        }
        return "fix the syntax there";
    }

    /** SnakeYAML's problem sentence, without its source excerpts and with tabs named. */
    private static String plain(String problem) {
        String s = problem.lines().findFirst().orElse("").replace("\\t(TAB)", "tab").strip();
        return s.replaceAll("\\s*\\(.*$", "").replace("'", "");
    }
}
