package dev.orun.gate;

import dev.orun.http.Sleeper;
import dev.orun.http.UrlProbe;
import dev.orun.run.ValidationResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * {@code url_reachable}: the URLs that {@code url_pattern} (a JavaScript regex; default every http(s) URL) finds
 * in the file, deduplicated, each must answer 2xx to a HEAD request; at most {@code max_failures} may not.
 * {@code sample_size} probes that many of them, chosen by a shuffle seeded with the URL list, so the same file
 * gives the same sample. Offline ({@code --offline}, {@code ORUN_OFFLINE=1}) nothing is probed and the result is
 * a warning that says so, never a pass.
 */
final class UrlReachableCheck implements Check {
    static final String DEFAULT_PATTERN = "https?://[^\\s\"'\\)>]+";

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        String source = spec.text("url_pattern") != null ? spec.text("url_pattern") : DEFAULT_PATTERN;
        JsRegex p = ctx.regex(spec, spec.text("url_pattern") != null ? "url_pattern" : "type", source, "gm");
        int maxFailures = spec.node("max_failures") == null ? 0 : spec.node("max_failures").asInt();
        RepoFiles.Resolved r = ctx.seedTarget(spec, "target");
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, "a file with URLs to probe"));
        }
        List<String> urls;
        try {
            urls = new ArrayList<>(new LinkedHashSet<>(p.matches(CheckContext.text(r), ctx.settings().regexLimit())));
        } catch (JsRegex.Timeout e) {
            return List.of(NotContainsCheck.stopped(spec, r, p, e));
        }
        if (urls.isEmpty()) {
            return List.of(Check.result(spec, r.relative(), false, "no URLs found matching " + p));
        }
        List<String> toCheck = urls;
        var ss = spec.node("sample_size");
        if (ss != null && ss.asInt() > 0 && ss.asInt() < urls.size()) {
            toCheck = new ArrayList<>(urls);
            java.util.Collections.shuffle(toCheck, new Random(String.join("\n", urls).hashCode()));
            toCheck = List.copyOf(toCheck.subList(0, ss.asInt()));
        }
        String found = urls.size() + " distinct URL" + (urls.size() == 1 ? "" : "s") + " found";
        if (ctx.settings().offline()) {
            return List.of(new ValidationResult(spec.type(), r.relative(), false, "warning", "not checked: offline (--offline or "
                    + "ORUN_OFFLINE=1); " + found + ", " + toCheck.size() + " would be probed; run without --offline to check them"));
        }
        List<UrlProbe.Outcome> outcomes = new UrlProbe(ctx.settings().urlTimeout(), ctx.settings().urlParallelism(), Sleeper.REAL)
                .probe(toCheck);
        List<String> failed = new ArrayList<>();
        for (UrlProbe.Outcome o : outcomes) {
            if (!o.ok()) {
                failed.add(o.describe());
            }
        }
        int ok = outcomes.size() - failed.size();
        String head = ok + "/" + outcomes.size() + " reachable (" + found + (toCheck.size() < urls.size() ? ", a sample of "
                + toCheck.size() + " probed" : "") + ")";
        if (failed.isEmpty()) {
            return List.of(Check.result(spec, r.relative(), true, head));
        }
        return List.of(Check.result(spec, r.relative(), failed.size() <= maxFailures, head + "; unreachable: "
                + String.join("; ", failed) + "; " + failed.size() + " failure" + (failed.size() == 1 ? "" : "s")
                + ", at most " + maxFailures + " allowed"));
    }
}
