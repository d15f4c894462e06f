package dev.orun.workflow;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} placeholders in agent commands and prompt templates. Unlike contract paths, names it
 * does not know are left as written: a shell's {@code ${HOME}} or a template's example braces are not errors.
 */
public final class Placeholders {
    private static final Pattern VAR = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");

    private Placeholders() {
    }

    public static String fill(String text, Map<String, String> values) {
        Matcher m = VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
