package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code contains_headings}: each required heading must begin a heading line — with its {@code #} marks at the
 * same level, without them at any level — ignoring case and ending at a word boundary, so {@code ## Layer 1}
 * is met by {@code ## Layer 1: Strategic} but not by {@code ## Layer 10} nor by "Layer 1" in a paragraph.
 * Lines inside fenced code blocks are not headings.
 */
final class HeadingsCheck implements Check {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t#]*$");
    private static final Pattern REQUIRED = Pattern.compile("^(#{1,6})[ \\t]+(.*)$");

    record Heading(int level, String text) {
    }

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        List<String> required = new ArrayList<>();
        spec.node("required_headings").forEach(h -> required.add(h.asString().strip()));
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, "headings " + String.join(", ", required)));
        }
        List<Heading> headings = headings(CheckContext.text(r));
        List<String> missing = new ArrayList<>();
        for (String want : required) {
            if (!met(want, headings)) {
                missing.add(want);
            }
        }
        if (missing.isEmpty()) {
            return List.of(Check.result(spec, r.relative(), true, "all " + required.size() + " headings present"));
        }
        return List.of(Check.result(spec, r.relative(), false, "missing headings: " + String.join(", ", missing)
                + " (" + (required.size() - missing.size()) + " of " + required.size() + " present)"));
    }

    static List<Heading> headings(String text) {
        List<Heading> out = new ArrayList<>();
        boolean fenced = false;
        String fence = null;
        for (String line : text.split("\\R", -1)) {
            String t = line.stripLeading();
            if (t.startsWith("```") || t.startsWith("~~~")) {
                String marker = t.substring(0, 3);
                if (!fenced) {
                    fenced = true;
                    fence = marker;
                } else if (marker.equals(fence)) {
                    fenced = false;
                }
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                out.add(new Heading(m.group(1).length(), m.group(2) == null ? "" : m.group(2).strip()));
            }
        }
        return out;
    }

    static boolean met(String want, List<Heading> headings) {
        Matcher m = REQUIRED.matcher(want);
        int level = 0;
        String text = want;
        if (m.matches()) {
            level = m.group(1).length();
            text = m.group(2).strip();
        }
        String w = text.toLowerCase(Locale.ROOT);
        for (Heading h : headings) {
            if (level != 0 && h.level() != level) {
                continue;
            }
            String have = h.text().toLowerCase(Locale.ROOT);
            if (have.startsWith(w) && boundary(w, have)) {
                return true;
            }
        }
        return false;
    }

    /** The match ends at a word boundary: at the end, or a word character followed by a non-word one. */
    private static boolean boundary(String want, String have) {
        if (have.length() == want.length() || want.isEmpty()) {
            return true;
        }
        char last = want.charAt(want.length() - 1);
        char next = have.charAt(want.length());
        return !(word(last) && word(next));
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
