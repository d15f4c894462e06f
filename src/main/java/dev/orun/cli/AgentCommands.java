package dev.orun.cli;

import dev.orun.agent.AgentGate;
import dev.orun.agent.AgentLoop;
import dev.orun.agent.AgentProgress;
import dev.orun.agent.AgentSettings;
import dev.orun.agent.AgentTools;
import dev.orun.agent.PriceTable;
import dev.orun.agent.RoutingTable;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.llm.Providers;
import dev.orun.llm.ToolChat;
import dev.orun.store.DotEnv;
import dev.orun.workflow.AgentRunner;
import dev.orun.workflow.GateService;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;

/** Wiring of the model agents, and their live progress on a terminal or in a CI log. */
final class AgentCommands {
    private AgentCommands() {
    }

    static AgentGate gate(GlobalOptions o, GateService gates, AgentRunner runner) {
        Map<String, String> env = DotEnv.merged(o.paths().root(), o.ctx().env());
        boolean terminal = o.ctx().terminal() && !o.json();
        return new AgentGate(o.store(), o.workflows(), gates, runner, RoutingTable.load(o.paths(), o.schemas()),
                PriceTable.load(o.paths(), o.schemas()), new Providers(env, o.ctx().sleeper(), o.ctx().clock()), env,
                o.ctx().clock(), w -> new Console(w instanceof PrintWriter p ? p : new PrintWriter(w), terminal));
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /**
     * One line per event (round sent, model answered, tool call, stop); on a terminal the "waiting for the model"
     * line is transient and replaced by the answer.
     */
    static final class Console implements AgentProgress {
        private final PrintWriter out;
        private final boolean terminal;
        private boolean transientLine;

        Console(PrintWriter out, boolean terminal) {
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
    }

    static Writer talk(GlobalOptions o) {
        return o.json() ? o.err() : o.out();
    }
}
