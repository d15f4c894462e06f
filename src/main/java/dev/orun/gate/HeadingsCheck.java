package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code contains_headings}: each of {@code required_headings} must occur in the file as a substring (the seed's
 * verdict: its reference documents the type as a substring test, and a real G5 contract checks
 * {@code ["export default", "metadata"]} in {@code page.tsx}). The message says, for a markdown heading that is
 * only found in running text, that it is not on a heading line.
 */
final class HeadingsCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        List<String> required = new ArrayList<>();
        for (tools.jackson.databind.JsonNode h : spec.node("required_headings")) {
            required.add(h.asString());
        }
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, "headings " + String.join(", ", required)));
        }
        String text = CheckContext.text(r);
        List<String> missing = new ArrayList<>();
        List<String> notHeadings = new ArrayList<>();
        for (String want : required) {
            if (!text.contains(want)) {
                missing.add(want);
            } else if (want.startsWith("#") && !onHeadingLine(text, want)) {
                notHeadings.add(want);
            }
        }
        String note = notHeadings.isEmpty() ? "" : "; note: " + String.join(", ", notHeadings) + " found, but not at the start of a line";
        if (missing.isEmpty()) {
            return List.of(Check.result(spec, r.relative(), true, (required.size() == 1 ? "the 1 heading present" : "all " + required.size() + " headings present") + note));
        }
        return List.of(Check.result(spec, r.relative(), false, "missing headings: " + String.join(", ", missing)
                + " (" + (required.size() - missing.size()) + " of " + required.size() + " present; each must occur in the file)" + note));
    }

    private static boolean onHeadingLine(String text, String want) {
        for (String line : lines(text)) {
            if (line.stripLeading().startsWith(want)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code text.split("\\R", -1)} without a regex (the first of a process costs a gate finish 5-10 ms): split at
     * CR LF, LF, VT, FF, CR, NEL, LS and PS (HeadingsCheckTest holds the two equal).
     */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                out.add(text.substring(from, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                from = i + 1;
            }
        }
        out.add(text.substring(from));
        return out;
    }
}
