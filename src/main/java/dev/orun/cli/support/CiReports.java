package dev.orun.cli.support;

import dev.orun.http.Secrets;
import dev.orun.store.AppendLog;
import dev.orun.store.AtomicFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * CI outputs of a check: a JUnit XML report (any CI), and under {@code GITHUB_ACTIONS=true} workflow-command
 * annotations on stdout and a Markdown table appended to {@code $GITHUB_STEP_SUMMARY}.
 */
public final class CiReports {
    private CiReports() {
    }

    /** One checked thing. {@code level}: ok, warning or error. */
    public record Case(String suite, String name, String file, String level, String message) {
    }

    public static boolean githubActions(CliContext ctx) {
        return "true".equalsIgnoreCase(ctx.env().getOrDefault("GITHUB_ACTIONS", ""));
    }

    /**
     * Writes the JUnit report ({@code junitXml}, when given) and, in GitHub Actions, the step summary, after the
     * command printed its verdict. Returns {@code code}; when a report cannot be written, says so on stderr (the
     * verdict stands) and returns 1.
     */
    public static int write(GlobalOptions global, CliContext ctx, Path junitXml, String suite, String summaryHeading, List<Case> cases, int code) {
        int result = code;
        try {
            if (junitXml != null) {
                junit(ctx.cwd().resolve(junitXml), suite, cases);
            }
        } catch (RuntimeException e) {
            global.err().println("orun: cannot write the JUnit report --junit-xml " + junitXml + ": " + e.getMessage()
                    + " (the verdict above is recorded; pass a writable path)");
            result = 1;
        }
        try {
            if (githubActions(ctx)) {
                stepSummary(ctx, summaryHeading, cases);
            }
        } catch (RuntimeException e) {
            global.err().println("orun: " + e.getMessage() + " (the verdict above is recorded)");
            result = 1;
        }
        global.err().flush();
        return result;
    }

    public static void junit(Path file, String suiteName, List<Case> cases) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = cases.stream().filter(c -> c.level().equals("error")).count();
        sb.append("<testsuites name=\"orun\" tests=\"").append(cases.size()).append("\" failures=\"").append(failures).append("\">\n");
        sb.append("  <testsuite name=\"").append(xml(suiteName)).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\">\n");
        for (Case c : cases) {
            sb.append("    <testcase classname=\"").append(xml(c.suite())).append("\" name=\"").append(xml(c.name()))
                    .append(c.file() == null ? "" : "\" file=\"" + xml(c.file())).append("\"");
            if (c.level().equals("ok")) {
                sb.append("/>\n");
            } else if (c.level().equals("warning")) {
                sb.append(">\n      <system-out>warning: ").append(xml(c.message())).append("</system-out>\n    </testcase>\n");
            } else {
                sb.append(">\n      <failure message=\"").append(xml(c.message())).append("\">").append(xml(c.message()))
                        .append("</failure>\n    </testcase>\n");
            }
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        AtomicFiles.write(file.toAbsolutePath(), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code ::error file=...::message} lines for every error and warning. */
    public static void annotations(PrintWriter out, List<Case> cases) {
        for (Case c : cases) {
            if (c.level().equals("ok")) {
                continue;
            }
            out.println("::" + c.level() + (c.file() == null ? "" : " file=" + property(c.file())) + ",title="
                    + property(c.suite() + " " + c.name()) + "::" + data(c.message()));
        }
        out.flush();
    }

    /**
     * Appends a Markdown table to $GITHUB_STEP_SUMMARY when the variable names a file: {@code heading}'s first line as a
     * heading, its further lines as a paragraph under it, then a row per case (or "No checks ran in this step.").
     */
    public static void stepSummary(CliContext ctx, String heading, List<Case> cases) {
        String target = ctx.env().get("GITHUB_STEP_SUMMARY");
        if (target == null || target.isBlank()) {
            return;
        }
        int nl = heading.indexOf('\n');
        StringBuilder sb = new StringBuilder("### ").append(nl < 0 ? heading : heading.substring(0, nl)).append("\n\n");
        if (nl >= 0) {
            sb.append(heading.substring(nl + 1).strip()).append("\n\n");
        }
        sb.append(cases.isEmpty() ? "No checks ran in this step.\n" : "| | check | file | result |\n|---|---|---|---|\n");
        for (Case c : cases) {
            String mark = c.level().equals("ok") ? "✅" : c.level().equals("warning") ? "⚠️" : "❌";
            sb.append("| ").append(mark).append(" | ").append(cell(c.name())).append(" | ").append(cell(c.file() == null ? "" : "`" + c.file() + "`"))
                    .append(" | ").append(cell(c.message())).append(" |\n");
        }
        sb.append('\n');
        Path file = ctx.cwd().resolve(target);
        try {
            // The summary is shown on the job's page: this environment's secrets are masked in it.
            AppendLog.append(file, sb.toString(), Secrets.fromEnvironment(ctx.env())::scrub);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to GITHUB_STEP_SUMMARY " + target + ": " + e.getMessage(), e);
        }
    }

    private static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
                        sb.append(' ');
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String data(String s) {
        return s == null ? "" : s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
