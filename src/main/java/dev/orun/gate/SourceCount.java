package dev.orun.gate;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The seed's {@code countSources}: the highest of four counts — H3 headings that are not section headings
 * ("Primary Sources", "Notes", …), distinct URLs, {@code - **URL**:}-style entries, and top-level bullets of
 * more than ten characters. The patterns are the seed's own, run by {@link JsRegex}.
 */
record SourceCount(int headings, int urls, int structured, int bullets) {
    private static final JsRegex SECTION = JsRegex.compile(
            "^###\\s+(primary|secondary|tertiary|tier\\s+\\d|notes|references|bibliography|sources|overview)", "i");
    private static final JsRegex H3 = JsRegex.compile("^###\\s+.+", "gm");
    private static final JsRegex URL = JsRegex.compile("https?:\\/\\/[^\\s\\)>\\]]+", "g");
    private static final JsRegex STRUCTURED = JsRegex.compile("^-\\s+\\*\\*(URL|Source|Reference)\\*\\*:", "gim");
    private static final JsRegex BULLET = JsRegex.compile("^- \\S.{10,}", "gm");

    static SourceCount of(String text, Duration limit) {
        List<String> h3 = H3.matches(text, limit);
        int headings = (int) h3.stream().filter(h -> !SECTION.test(h, limit)).count();
        int urls = new LinkedHashSet<>(URL.matches(text, limit)).size();
        return new SourceCount(headings, urls, STRUCTURED.count(text, limit), BULLET.count(text, limit));
    }

    int best() {
        return Math.max(Math.max(headings, urls), Math.max(structured, bullets));
    }

    /** Which count won, and the others, for the message. */
    String how() {
        return Check.count(headings, "source heading") + ", " + Check.count(urls, "distinct URL") + ", "
                + structured + (structured == 1 ? " **URL**/**Source** entry" : " **URL**/**Source** entries") + ", "
                + Check.count(bullets, "bullet") + "; the highest counts";
    }
}
