package dev.orun.gate;

import dev.orun.schema.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JsRegex against JavaScript itself (node, when on PATH), and its time limit. */
class JsRegexTest {
    record Case(String regex, String flags, String input) {
    }

    static final List<Case> CASES = List.of(
            new Case("[\\u{1F300}-\\u{1F9FF}\\u{2600}-\\u{26FF}\\u{2700}-\\u{27BF}]", "gmu", "const icon = \"🚀 rocket ☀ ✂\";"),
            new Case("[\\u{1F300}-\\u{1F9FF}]", "gmu", "no emoji here"),
            new Case("^###\\s+.+", "gm", "# T\n### One\n###Two\n### Three\r\n### \n"),
            new Case("^- \\S.{10,}", "gm", "- a short\n- a much longer bullet line\n-  spaced out bullet\n"),
            new Case("https?:\\/\\/[^\\s\\)>\\]]+", "g", "see https://a.example/x) and http://b.example/y] <https://c.example>"),
            new Case("^-\\s+\\*\\*(URL|Source|Reference)\\*\\*:", "gim", "- **URL**: x\n- **source**: y\n  - **Reference**: z\n"),
            new Case("a$", "", "a\n"),
            new Case("a$", "m", "a\nb"),
            new Case("^b", "", "a\nb"),
            new Case("^b", "m", "a\nb"),
            new Case("^", "gm", "a\n"),
            new Case("$", "gm", "a\r\nb\n"),
            new Case("a.c", "g", "abc a\rc a\u2028c a\u0085c a\nc"),
            new Case("a.c", "gs", "a\nc a\rc"),
            new Case("\\s+", "g", "a\u00a0b\u2003c\u0085d\ufeffe f"),
            new Case("\\bdelve\\b|\\btapestry\\b", "gm", "Let us delve into the tapestry; délve; tapestryx"),
            new Case("\\bé", "g", "café é"),
            new Case("\\w+", "g", "héllo wörld_1"),
            new Case("(?<year>\\d{4})-(?<m>\\d{2})", "g", "2024-01 and 1999-12"),
            new Case("(?<q>['\"]).*?\\k<q>", "g", "'a' \"b\" 'c\""),
            new Case("(?<=\\$)\\d+", "g", "$10 and 20 and $300"),
            new Case("(?<!\\$)\\b\\d+", "g", "$10 and 20 and $300"),
            new Case("[^]", "g", "a\nb"),
            new Case("[]", "g", "abc"),
            new Case("x{", "g", "x{ x{{"),
            new Case("a{2}", "g", "aaaaa"),
            new Case("\\/commons\\/thumb\\/", "g", "https://x/wikipedia/commons/thumb/a.jpg"),
            new Case("[\\[\\]]", "g", "[a]"),
            new Case("[a-c&&b]", "g", "a&b&&c"),
            new Case("[\\d-z]", "g", "1-z"),
            new Case("TODO", "i", "// todo: x"),
            new Case("width:\\s*[`'\"]\\$\\{.*\\}%[`'\"]", "gm", "style={{ width: `${pct}%` }}"),
            new Case(">([^{<\"]*\\\\u[0-9a-fA-F]{4})", "gm", "<p>caf\\u00e9</p>"),
            new Case("<img[\\s\\n]", "gm", "<img\nsrc=x/><img src=y/><imgx>"),
            new Case("import .*(d3|three|recharts|Canvas|useRef.*canvas|getContext)", "gm", "import * as d3 from 'd3'\nimport x from 'y'"),
            new Case("\\u0041\\x42\\103", "g", "ABC"),
            new Case("\\ud83d\\ude80", "g", "🚀🚀"),
            new Case(".", "gu", "a🚀b"),
            new Case("\\p{Lu}", "gu", "aBcÉ"),
            new Case("\\p{Script=Greek}+", "gu", "abc αβγ"),
            new Case("(a)|b", "g", "ab"),
            new Case("\\1(a)", "g", "aa"),
            new Case("(a)\\1", "g", "aaa"),
            new Case("(?<x>a)\\k<x>", "g", "aaa"),
            new Case("\\cJ", "g", "a\nb"),
            new Case("[\\b]", "g", "a\bb"),
            new Case("\\q", "g", "q"),
            new Case("Tier [1-4]", "gm", "Tier 1, Tier 5, tier 2, Tier 4"),
            new Case("[a-z]+", "gi", "ABC def ÉÀ"),
            new Case("^\\s*$", "gm", "a\n\n  \nb"),
            new Case("a|", "g", "aba"),
            new Case("\\u{1F600}", "g", "u{1F600} 😀"),
            new Case("caf\\u00e9|na\\u00efve", "gi", "CAFÉ naïve"),
            new Case("", "g", "abc"),
            new Case("(", "g", "x"),
            new Case("a**", "g", "x"),
            new Case("[z-a]", "g", "x"),
            new Case("\\u{110000}", "u", "x"),
            new Case("(?<n>a)(?<n>b)", "", "ab"),
            new Case("x{2,1}", "", "x"),
            new Case("\\p{Foo}", "u", "x"),
            new Case("a)", "", "a"),
            new Case("\\q", "u", "q"),
            new Case("a++", "", "aa"),
            new Case("(?>a)", "", "a"),
            new Case("a", "gg", "a"),
            new Case("a", "x", "a"));

    /** What orun makes of a case: "invalid", or "test=<bool> count=<n>". */
    static String orun(Case c) {
        try {
            JsRegex r = JsRegex.compile(c.regex(), c.flags());
            return "test=" + r.test(c.input(), JsRegex.LIMIT) + " count=" + r.count(c.input(), JsRegex.LIMIT);
        } catch (JsRegex.Invalid e) {
            return "invalid";
        }
    }

    @Test
    void matches_what_javascript_matches_on_every_case_of_the_table() throws Exception {
        Assumptions.assumeTrue(onPath("node"), "node is not on PATH: the differential regex test is skipped");
        ArrayNode cases = JsonNodeFactory.instance.arrayNode();
        for (Case c : CASES) {
            cases.addObject().put("regex", c.regex()).put("flags", c.flags()).put("input", c.input());
        }
        Path dir = Files.createTempDirectory("jsregex");
        Path in = dir.resolve("cases.json");
        Files.writeString(in, Json.STRICT.writeValueAsString(cases), StandardCharsets.UTF_8);
        Path script = dir.resolve("run.js");
        Files.writeString(script, """
                const cases = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
                const out = cases.map(c => {
                  try {
                    const re = new RegExp(c.regex, c.flags);
                    const g = new RegExp(c.regex, c.flags.includes('g') ? c.flags : c.flags + 'g');
                    return 'test=' + new RegExp(c.regex, c.flags.replace('g', '')).test(c.input)
                        + ' count=' + (c.input.match(g) || []).length;
                  } catch (e) { return 'invalid'; }
                });
                process.stdout.write(JSON.stringify(out));
                """);
        Process p = new ProcessBuilder("node", script.toString(), in.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "node failed: " + output);
        JsonNode js = Json.LENIENT.readTree(output);
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            String mine = orun(CASES.get(i));
            if (!mine.equals(js.get(i).asString())) {
                differ.add(CASES.get(i) + ": javascript " + js.get(i).asString() + ", orun " + mine);
            }
        }
        assertEquals(List.of(), differ, "cases where orun and JavaScript differ");
        assertTrue(CASES.size() >= 40);
    }

    @Test
    void catastrophic_backtracking_is_stopped_within_about_a_second() {
        JsRegex r = JsRegex.compile("((a+)+)+c", "");
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        assertThrows(JsRegex.Timeout.class, () -> r.test("a".repeat(34), Duration.ofSeconds(1)));
        long cpuMs = (mx.getCurrentThreadCpuTime() - c0) / 1_000_000;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(cpuMs < 1500, "took " + cpuMs + " ms of CPU");
        assertTrue(ms < 11_000, "took " + ms + " ms (ten times the limit stops a thread that gets no CPU)");
    }

    @Test
    void the_limit_is_cpu_time_so_a_match_kept_waiting_on_a_busy_machine_is_not_stopped() {
        // A text whose reads wait now and then, as a thread on a loaded machine does: about 1.2 s or more of wall time
        // for a few ms of CPU. A wall-clock limit of 1 s stopped it; the match completes.
        String body = "a".repeat(300_000) + "z";
        CharSequence waiting = new CharSequence() {
            int reads;

            @Override
            public char charAt(int index) {
                if (++reads % 512 == 0) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return body.charAt(index);
            }

            @Override
            public int length() {
                return body.length();
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return body.subSequence(start, end);
            }

            @Override
            public String toString() {
                return body;
            }
        };
        long t0 = System.nanoTime();
        assertTrue(JsRegex.compile("[yz]", "g").test(waiting, Duration.ofSeconds(1)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms > 1000, "the test's text took more than the limit in wall time: " + ms + " ms");
    }

    @Test
    void nested_quantifiers_are_warned_about_and_plain_ones_are_not() {
        assertFalse(JsRegex.compile("((a+)+)+c", "").warnings().isEmpty());
        assertFalse(JsRegex.compile("(?:\\w*\\s)*$", "").warnings().isEmpty());
        assertEquals(List.of(), JsRegex.compile("(\\bdelve\\b|\\btapestry\\b)", "gm").warnings());
        assertEquals(List.of(), JsRegex.compile("(ab)+c*", "").warnings());
    }

    @Test
    void an_invalid_regex_says_why() {
        JsRegex.Invalid e = assertThrows(JsRegex.Invalid.class, () -> JsRegex.compile("a**", ""));
        assertTrue(e.getMessage().contains("nothing to repeat"), e.getMessage());
        e = assertThrows(JsRegex.Invalid.class, () -> JsRegex.compile("[z-a]", "g"));
        assertTrue(e.getMessage().contains("range out of order in character class at index"), e.getMessage());
        e = assertThrows(JsRegex.Invalid.class, () -> JsRegex.compile("\\p{Foo}", "u"));
        assertTrue(e.getMessage().contains("\\p{Foo}"), e.getMessage());
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    @org.junit.jupiter.api.Test
    void the_cpu_clock_of_the_regex_limit_is_the_threads_cpu_time() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isCurrentThreadCpuTimeSupported(), "no thread CPU time on this JVM");
        // On Linux the clock is /proc's, not the MXBean's (which would load java.lang.management): test that one.
        boolean linux = java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/thread-self/schedstat"));
        java.util.function.LongSupplier clock = linux ? JsRegex::procCpuNanos : JsRegex::threadCpuNanos;
        org.junit.jupiter.api.Assertions.assertEquals(linux, JsRegex.procCpuNanos() >= 0, "/proc/thread-self/schedstat read");
        long ours0 = clock.getAsLong();
        long mx0 = mx.getCurrentThreadCpuTime();
        long x = 0;
        // busy until the thread has had 150 ms of CPU (by the MXBean), however loaded the machine (CI runs two builds)
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end && mx.getCurrentThreadCpuTime() - mx0 < 150_000_000L; ) {
            for (int i = 0; i < 10_000; i++) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
        }
        long ours = clock.getAsLong() - ours0;
        long theirs = mx.getCurrentThreadCpuTime() - mx0;
        org.junit.jupiter.api.Assertions.assertTrue(ours > 100_000_000L, "ours moved by " + ours + " ns (" + x + ")");
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(ours - theirs) < 30_000_000L, "ours " + ours + " ns, the MXBean's " + theirs);
    }
}
