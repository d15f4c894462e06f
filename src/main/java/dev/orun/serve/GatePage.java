package dev.orun.serve;

import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.RunRecord;
import dev.orun.store.LoadedRun;
import dev.orun.store.RunSummary;
import dev.orun.workflow.PromptPackets;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The gate page: plain server-rendered HTML, no script. The runs; a run's gates and artifacts; for a PAUSED gate its
 * prompt packet with <em>done</em>, <em>fail (reason)</em> and <em>pause</em>. Answers are forms posted back to the
 * same process, which needs the API token once per browser (an HttpOnly, SameSite=Strict cookie).
 */
final class GatePage {
    static final String COOKIE = "orun_token";
    private static final int LIST_LIMIT = 200;

    private final ServeContext ctx;
    private final RunListCache lists;

    GatePage(ServeContext ctx, RunListCache lists) {
        this.ctx = ctx;
        this.lists = lists;
    }

    String runs() {
        StringBuilder b = head("orun runs");
        b.append("<h1>Runs</h1>\n");
        List<RunSummary> all = lists.get().runs;
        List<RunSummary> runs = all.subList(0, Math.min(LIST_LIMIT, all.size()));
        if (runs.isEmpty()) {
            b.append("<p>No runs yet. Start one with <code>orun run WORKFLOW --slug S</code>.</p>\n");
        } else {
            b.append("<table id=\"runs\"><tr><th>run</th><th>workflow</th><th>status</th><th>gates</th><th>started</th></tr>\n");
            for (RunSummary r : runs) {
                b.append("<tr data-status=\"").append(esc(r.status())).append("\"><td><a href=\"/ui/runs/").append(url(r.runId()))
                        .append("\">").append(esc(r.runId())).append("</a></td><td>").append(esc(r.workflow()))
                        .append("</td><td class=\"status\">").append(esc(r.status())).append("</td><td>").append(r.gatesPassed())
                        .append('/').append(r.gatesTotal()).append("</td><td>").append(esc(r.startedAt())).append("</td></tr>\n");
            }
            b.append("</table>\n");
            if (runs.size() == LIST_LIMIT) {
                b.append("<p>The newest ").append(LIST_LIMIT).append(" runs; <code>orun run list</code> has them all.</p>\n");
            }
        }
        return foot(b);
    }

    /** A run's page; {@code job} is the page's current or last answer for it (null: none). */
    String run(String runId, boolean signedIn, GateAnswers.Job job) {
        LoadedRun loaded = ctx.store().load(runId, false);
        JsonNode t = loaded.tree();
        boolean working = job != null && job.running();
        // while an answer is carried out the page looks again every second (a meta refresh: no script)
        StringBuilder b = head(runId, working ? 1 : 0);
        b.append("<p><a href=\"/ui\">runs</a></p>\n<h1>").append(esc(runId)).append("</h1>\n");
        b.append("<p>workflow <b>").append(esc(t.path("workflow").path("name").asString(""))).append("</b>, status <b id=\"run-status\">")
                .append(esc(t.path("status").asString(""))).append("</b>").append(loaded.legacy() ? " (legacy record)" : "").append("</p>\n");
        if (working) {
            b.append("<div id=\"working\" class=\"msg\">").append(job.answer.equals("fail") ? "failing" : "validating")
                    .append(" gate ").append(esc(job.gate)).append("&hellip; (answered <i>").append(esc(job.answer))
                    .append("</i>; the page reloads until it is through)</div>\n");
        } else if (job != null) {
            b.append("<div id=\"message\" class=\"msg\">");
            for (String line : job.lines) {
                b.append(esc(line)).append("<br>");
            }
            b.append("</div>\n");
        }
        RunRecord run = loaded.legacy() ? null : ctx.store().read(runId);
        GateState paused = run == null ? null : GateDecisions.pausedGate(run);
        if (paused != null && !working) {
            pausedGate(b, runId, paused, signedIn);
        }
        b.append("<h2>Gates</h2>\n<table id=\"gates\"><tr><th>gate</th><th>name</th><th>status</th><th>attempts</th><th>last failure</th></tr>\n");
        for (JsonNode g : t.path("gates")) {
            JsonNode attempts = g.path("attempts");
            JsonNode last = attempts.size() == 0 ? null : attempts.get(attempts.size() - 1);
            b.append("<tr data-gate=\"").append(esc(g.path("gate").asString(""))).append("\"><td>").append(esc(g.path("gate").asString("")))
                    .append("</td><td>").append(esc(g.path("name").asString(""))).append("</td><td class=\"status\">")
                    .append(esc(g.path("status").asString(""))).append("</td><td>").append(attempts.size()).append("</td><td>")
                    .append(last == null ? "" : esc(last.path("failure_reason").asString(""))).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Artifacts</h2>\n");
        JsonNode index = t.path("artifacts_index");
        if (index.size() == 0) {
            b.append("<p>None recorded yet.</p>\n");
        } else {
            b.append("<table id=\"artifacts\"><tr><th>path</th><th>bytes</th><th>SHA-256</th><th>gate</th></tr>\n");
            for (JsonNode a : index) {
                b.append("<tr><td>").append(esc(a.path("resolved_path").asString(a.path("path").asString(""))))
                        .append("</td><td>").append(a.path("bytes").asString("")).append("</td><td><code>")
                        .append(esc(a.path("sha256").asString(""))).append("</code></td><td>")
                        .append(esc(a.path("gate").asString(""))).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        return foot(b);
    }

    private void pausedGate(StringBuilder b, String runId, GateState gate, boolean signedIn) {
        Attempt attempt = gate.lastAttempt();
        String action = "/ui/runs/" + url(runId) + "/gates/" + url(gate.gate());
        b.append("<section id=\"paused\"><h2>Paused at ").append(esc(gate.gate())).append(gate.name() == null ? "" : " " + esc(gate.name()))
                .append(" (attempt ").append(attempt.attempt()).append(")</h2>\n");
        Path packet = new PromptPackets(ctx.store()).latest(runId, gate.gate());
        String text;
        try {
            text = Files.isRegularFile(packet) ? Files.readString(packet, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            text = null;
        }
        b.append("<p>Prompt packet <code>").append(esc(ctx.store().paths().relative(packet))).append("</code>:</p>\n");
        b.append("<pre id=\"packet\">").append(text == null ? "(not written)" : esc(text)).append("</pre>\n");
        if (!signedIn) {
            b.append("<form method=\"post\" action=\"/ui/login\" id=\"login\"><input type=\"hidden\" name=\"back\" value=\"/ui/runs/")
                    .append(esc(runId)).append("\"><label>API token (PASS_API_TOKEN) <input type=\"password\" name=\"token\" "
                    + "autocomplete=\"off\"></label> <button type=\"submit\">sign in to answer</button></form>\n");
        } else {
            b.append("<p>Do the work the packet describes, then answer:</p>\n");
            b.append("<form method=\"post\" action=\"").append(action).append("/done\" class=\"inline\"><button type=\"submit\" id=\"done\">done</button></form>\n");
            b.append("<form method=\"post\" action=\"").append(action).append("/pause\" class=\"inline\"><button type=\"submit\" id=\"pause\">pause</button></form>\n");
            b.append("<form method=\"post\" action=\"").append(action).append("/fail\" id=\"fail-form\"><label>reason <input type=\"text\" "
                    + "name=\"reason\" id=\"reason\" required></label> <button type=\"submit\" id=\"fail\">fail</button></form>\n");
        }
        b.append("</section>\n");
    }

    String error(int status, String message) {
        StringBuilder b = head("orun: " + status);
        b.append("<p><a href=\"/ui\">runs</a></p>\n<h1>").append(status).append("</h1>\n<p id=\"error\">").append(esc(message)).append("</p>\n");
        return foot(b);
    }

    private static StringBuilder head(String title) {
        return head(title, 0);
    }

    private static StringBuilder head(String title, int refreshSeconds) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        if (refreshSeconds > 0) {
            b.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">");
        }
        b.append("<title>").append(esc(title))
                .append("</title>\n<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
                        + "pre{background:#f6f6f6;padding:1em;white-space:pre-wrap;max-height:30em;overflow:auto}"
                        + ".msg{background:#eef;padding:.5em 1em;margin:1em 0}form.inline{display:inline}"
                        + "section{border:2px solid #c90;padding:0 1em 1em;margin:1em 0}button{margin:.2em}</style>\n</head><body>\n");
        return b;
    }

    private static String foot(StringBuilder b) {
        return b.append("</body></html>\n").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
