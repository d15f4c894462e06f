package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code min_sources}: the lines that start with {@code ### Source} (any case); where there are none,
 * the distinct URLs and DOIs. Against {@code thresholds} by depth, or {@code min}.
 */
final class MinSourcesCheck implements Check {
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>()\\[\\]\"'`]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOI = Pattern.compile("\\b10\\.\\d{4,9}/[^\\s<>()\\[\\]\"'`]+");

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        int need = ctx.threshold(spec);
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, need + " sources" + ctx.atDepth(spec)));
        }
        String text = CheckContext.text(r);
        int headings = 0;
        for (String line : text.split("\\R", -1)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("### source")) {
                headings++;
            }
        }
        int count;
        String how;
        if (headings > 0) {
            count = headings;
            how = "'### Source' headings";
        } else {
            count = distinctUrlsAndDois(text).size();
            how = "distinct URLs/DOIs; no '### Source' headings";
        }
        boolean pass = count >= need;
        return List.of(Check.result(spec, r.relative(), pass, count + " sources (" + how + "), need " + need + ctx.atDepth(spec)));
    }

    static Set<String> distinctUrlsAndDois(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = URL.matcher(text);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            found.add(trim(m.group()));
            rest.append(text, last, m.start()).append(' ');
            last = m.end();
        }
        rest.append(text.substring(last));
        Matcher d = DOI.matcher(rest);
        while (d.find()) {
            found.add("doi:" + trim(d.group()).toLowerCase(Locale.ROOT));
        }
        return found;
    }

    private static String trim(String s) {
        int end = s.length();
        while (end > 0 && ".,;:!?*_".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }
}
