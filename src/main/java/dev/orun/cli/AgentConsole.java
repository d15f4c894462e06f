package dev.orun.cli;

import dev.orun.agent.AgentLoop;
import dev.orun.agent.AgentProgress;
import dev.orun.agent.AgentSettings;
import dev.orun.agent.AgentTools;
import dev.orun.cli.support.CliContext;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.llm.ToolChat;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.function.Function;

/**
 * A model agent's live progress on a terminal or in a CI log: one line per event (round sent, model answered,
 * tool call, stop); on a terminal the "waiting for the model" line is transient and replaced by the answer.
 */
final class AgentConsole implements AgentProgress {
    private final PrintWriter out;
    private final boolean terminal;
    private boolean transientLine;

    AgentConsole(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    private void line(String s) {
        if (transientLine) {
            out.print("\r\033[K");
            transientLine = false;
        }
        out.println(s);
        out.flush();
    }

    @Override
    public void start(String gate, int attempt, String agent, AgentSettings s, int systemChars) {
        line("   agent " + agent + "  model " + s.model() + " (" + s.provider() + ")  budget " + n(s.maxInputTokens())
                + " input / " + n(s.maxOutputTokens()) + " output tokens, " + s.maxToolRounds() + " rounds  system prompt "
                + n(systemChars) + " chars");
    }

    @Override
    public void round(int round, AgentSettings s, AgentLoop.Totals before) {
        String text = "   round " + round + "/" + s.maxToolRounds() + "  waiting for " + s.model() + " …";
        if (terminal) {
            out.print(text);
            out.flush();
            transientLine = true;
        } else {
            line("   round " + round + "/" + s.maxToolRounds() + "  sent to " + s.model());
        }
    }

    @Override
    public void reply(int round, ToolChat.Reply r, AgentLoop.Totals t, AgentSettings s) {
        line("   round " + round + "/" + s.maxToolRounds() + "  " + (r.stopReason().isEmpty() ? "answered" : r.stopReason())
                + "  +" + n(r.usage().input()) + " in +" + n(r.usage().output()) + " out"
                + (r.usage().cacheRead() > 0 ? " (" + n(r.usage().cacheRead()) + " cached)" : "")
                + "  total " + n(t.input()) + "/" + n(s.maxInputTokens()) + " in, " + n(t.output()) + "/"
                + n(s.maxOutputTokens()) + " out" + (r.calls().isEmpty() ? "" : "  " + r.calls().size() + " tool call"
                + (r.calls().size() == 1 ? "" : "s")));
    }

    @Override
    public void tool(int round, ToolChat.Call call, AgentTools.Outcome o) {
        String path = call.input() != null && call.input().path("path").isString() ? call.input().get("path").asString() : "";
        line("     " + (o.error() ? "✗ " : "→ ") + call.name() + "(" + path + ")"
                + (o.error() ? ": " + o.content() : o.write() != null ? "  " + n(o.write().bytes()) + " bytes" : ""));
    }

    @Override
    public void stop(AgentLoop.Result r, AgentSettings s) {
        line("   agent stopped: " + r.stopReason() + " (" + r.detail() + "); " + r.rounds() + " round" + (r.rounds() == 1 ? "" : "s")
                + ", " + n(r.totals().input()) + " input / " + n(r.totals().output()) + " output tokens"
                + (r.totals().costUsd() == null ? "" : String.format(Locale.ROOT, ", $%.4f", r.totals().costUsd()))
                + ", " + r.writes().size() + " file" + (r.writes().size() == 1 ? "" : "s") + " written");
    }

    /** The progress of the model agents of this command, on the writer the agent gate picks. */
    static Function<Writer, AgentProgress> progress(GlobalOptions global, CliContext ctx) {
        boolean terminal = ctx.terminal() && !global.json();
        return w -> new AgentConsole(w instanceof PrintWriter p ? p : new PrintWriter(w), terminal);
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
