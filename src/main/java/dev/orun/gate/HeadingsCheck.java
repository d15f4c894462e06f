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
        spec.node("required_headings").forEach(h -> required.add(h.asString()));
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
        for (String line : text.split("\\R", -1)) {
            if (line.stripLeading().startsWith(want)) {
                return true;
            }
        }
        return false;
    }
}
