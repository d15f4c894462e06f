package dev.orun.agent;

import dev.orun.error.OrunException;
import dev.orun.llm.ToolChat;
import dev.orun.run.AgentRun;

import java.util.ArrayList;
import java.util.List;

/**
 * The tool-use loop of one gate attempt: send the conversation, carry out the model's tool calls, send their results,
 * until the model stops asking for tools ({@code complete}), a cumulative token budget is exceeded
 * ({@code budget_exceeded}), {@code max_tool_rounds} is reached with the model still calling tools
 * ({@code max_rounds}), or the provider fails after its retries ({@code error}). Each round is recorded through the
 * {@link Rounds} it is given before and after its request, so a crash mid-request leaves a RUNNING round behind.
 */
public final class AgentLoop {
    private final ToolChat chat;
    private final AgentSettings settings;
    private final AgentTools tools;
    private final PriceTable prices;
    private final Rounds rounds;
    private final long runRounds;
    private final AgentProgress progress;
    private final RoutingTable.RunBudget runBudget;
    private final Totals runUsed;

    public AgentLoop(ToolChat chat, AgentSettings settings, AgentTools tools, PriceTable prices, Rounds rounds,
                     AgentProgress progress) {
        this(chat, settings, tools, prices, rounds, progress, RoutingTable.RunBudget.NONE, Totals.ZERO, 0);
    }

    /** As above, also within the run-wide {@code runBudget}, of which earlier rounds used {@code runUsed} and {@code runRounds}. */
    public AgentLoop(ToolChat chat, AgentSettings settings, AgentTools tools, PriceTable prices, Rounds rounds,
                     AgentProgress progress, RoutingTable.RunBudget runBudget, Totals runUsed, long runRounds) {
        this.runBudget = runBudget;
        this.runUsed = runUsed;
        this.runRounds = runRounds;
        this.chat = chat;
        this.settings = settings;
        this.tools = tools;
        this.prices = prices;
        this.rounds = rounds;
        this.progress = progress;
    }

    /** Where the rounds go: the run record (an invocation each) and the transcript in logs/. */
    public interface Rounds {
        /** Before round {@code n}'s request; returns the id of its (RUNNING) invocation. */
        String begin(int n);

        /** After the request: {@code reply} null with {@code error} when the provider failed. */
        void end(String invocationId, int n, ToolChat.Reply reply, Double costUsd, String error);

        /** A tool call and what it did (a write is recorded with its SHA-256). */
        void tool(String invocationId, int n, ToolChat.Call call, AgentTools.Outcome outcome);
    }

    /** Tokens used so far, cumulative over rounds. */
    public record Totals(long input, long output, long cacheRead, long cacheCreation, Double costUsd) {
        public static final Totals ZERO = new Totals(0, 0, 0, 0, null);

        Totals plus(ToolChat.Usage u, Double cost) {
            Double c = costUsd;
            if (cost != null) {
                c = (costUsd == null ? 0.0 : costUsd) + cost;
            }
            return new Totals(input + u.input(), output + u.output(), cacheRead + u.cacheRead(), cacheCreation + u.cacheCreation(),
                    c == null ? null : Math.round(c * 1_000_000.0) / 1_000_000.0);
        }
    }

    /** Why and where the loop stopped. {@code failure} is the provider's error for {@code error}. */
    public record Result(String stopReason, String detail, int rounds, Totals totals, List<AgentRun.Write> writes,
                         String finalText, String model, OrunException failure) {
        public boolean complete() {
            return "complete".equals(stopReason);
        }

        public AgentRun agentRun(AgentSettings s, String provider) {
            return new AgentRun(model, provider, stopReason, detail, rounds, totals.input(), totals.output(), totals.cacheRead(),
                    totals.cacheCreation(), s.maxInputTokens(), s.maxOutputTokens(), s.maxToolRounds(), totals.costUsd(), writes);
        }
    }

    public Result run(String system, String firstMessage) {
        List<ToolChat.Turn> turns = new ArrayList<>();
        turns.add(ToolChat.Turn.user(firstMessage));
        List<ToolChat.Tool> definitions = tools.definitions();
        List<AgentRun.Write> writes = new ArrayList<>();
        Totals totals = Totals.ZERO;
        String finalText = "";
        String model = chat.model();
        int n = 0;
        boolean wantsTools = false;
        while (n < settings.maxToolRounds()) {
            if (runBudget.maxToolRounds() != null && runRounds + n >= runBudget.maxToolRounds()) {
                Result r = new Result("budget_exceeded", "the run's model agents have used " + (runRounds + n)
                        + " rounds, the routing table's budget.max_run_tool_rounds " + runBudget.maxToolRounds(), n, totals, writes,
                        finalText, model, null);
                progress.stop(r, settings);
                return r;
            }
            n++;
            progress.round(n, settings, totals);
            String inv = rounds.begin(n);
            ToolChat.Reply reply;
            try {
                reply = chat.send(new ToolChat.Request(system, turns, definitions, settings.maxTokensPerCall(), settings.temperature()));
            } catch (OrunException e) {
                rounds.end(inv, n, null, null, e.getMessage());
                Result r = new Result("error", e.getMessage(), n, totals, writes, finalText, model, e);
                progress.stop(r, settings);
                return r;
            }
            model = reply.model() == null ? model : reply.model();
            Double cost = prices.cost(model, chat.model(), reply.usage());
            totals = totals.plus(reply.usage(), cost);
            rounds.end(inv, n, reply, cost, null);
            progress.reply(n, reply, totals, settings);
            if (reply.text() != null && !reply.text().isBlank()) {
                finalText = reply.text();
            }
            String over = overBudget(totals);
            if (over != null) {
                Result r = new Result("budget_exceeded", over + " after round " + n, n, totals, writes, finalText, model, null);
                progress.stop(r, settings);
                return r;
            }
            wantsTools = reply.wantsTools();
            if (!wantsTools) {
                Result r = new Result("complete", "the model stopped (" + (reply.stopReason().isEmpty() ? "no stop reason"
                        : reply.stopReason()) + ") in round " + n, n, totals, writes, finalText, model, null);
                progress.stop(r, settings);
                return r;
            }
            List<ToolChat.Result> results = new ArrayList<>();
            for (ToolChat.Call call : reply.calls()) {
                AgentTools.Outcome o = tools.call(call, n);
                if (o.write() != null) {
                    writes.add(o.write());
                }
                rounds.tool(inv, n, call, o);
                progress.tool(n, call, o);
                results.add(new ToolChat.Result(call.id(), o.error() ? "Error: " + o.content() : o.content(), o.error()));
            }
            turns.add(ToolChat.Turn.assistant(reply.text(), reply.calls()));
            turns.add(ToolChat.Turn.results(results));
        }
        Result r = new Result("max_rounds", "max_tool_rounds " + settings.maxToolRounds() + " reached with the model still calling tools",
                n, totals, writes, finalText, model, null);
        progress.stop(r, settings);
        return r;
    }

    private String overBudget(Totals t) {
        if (runBudget.maxInputTokens() != null && runUsed.input() + t.input() > runBudget.maxInputTokens()) {
            return "the run's input tokens " + (runUsed.input() + t.input()) + " exceed budget.max_run_input_tokens "
                    + runBudget.maxInputTokens();
        }
        if (runBudget.maxOutputTokens() != null && runUsed.output() + t.output() > runBudget.maxOutputTokens()) {
            return "the run's output tokens " + (runUsed.output() + t.output()) + " exceed budget.max_run_output_tokens "
                    + runBudget.maxOutputTokens();
        }
        if (t.input() > settings.maxInputTokens()) {
            return "input tokens " + t.input() + " exceed max_input_tokens " + settings.maxInputTokens();
        }
        if (t.output() > settings.maxOutputTokens()) {
            return "output tokens " + t.output() + " exceed max_output_tokens " + settings.maxOutputTokens();
        }
        return null;
    }
}
