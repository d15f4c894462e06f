package dev.orun.agent;

import dev.orun.llm.ToolChat;
import dev.orun.run.Times;
import dev.orun.schema.Json;
import dev.orun.store.AppendLog;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tool loop's progress as another process can follow it: one JSON line per step, appended to
 * {@code logs/gates/<Gx>/attempt-<n>/agent/progress.jsonl} as it happens (never to the record). Each line carries the
 * round against {@code max_tool_rounds} and the tokens so far against the gate's budgets, so {@code orun watch} shows
 * them between the record's writes. Lines hold figures only, no model text.
 */
public final class ProgressFile implements AgentProgress {
    public static final String NAME = "progress.jsonl";
    private final Path file;
    private final Clock clock;
    private String gate;
    private int attempt;
    private String agent;

    public ProgressFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Where an attempt's progress goes, beside its transcript. */
    public static Path of(Path logsDir, String gate, int attempt) {
        return logsDir.resolve("gates").resolve(gate).resolve("attempt-" + attempt).resolve("agent").resolve(NAME);
    }

    @Override
    public void start(String gate, int attempt, String agent, AgentSettings s, int systemChars) {
        this.gate = gate;
        this.attempt = attempt;
        this.agent = agent;
        Map<String, Object> m = line("start", 0, AgentLoop.Totals.ZERO, s);
        m.put("model", s.model());
        m.put("provider", s.provider());
        append(m);
    }

    @Override
    public void round(int round, AgentSettings s, AgentLoop.Totals before) {
        append(line("request", round, before, s));
    }

    @Override
    public void reply(int round, ToolChat.Reply reply, AgentLoop.Totals after, AgentSettings s) {
        Map<String, Object> m = line("reply", round, after, s);
        m.put("stop_reason", reply.stopReason());
        m.put("tool_calls", reply.calls().size());
        append(m);
    }

    @Override
    public void stop(AgentLoop.Result r, AgentSettings s) {
        Map<String, Object> m = line("stop", r.rounds(), r.totals(), s);
        m.put("stop_reason", r.stopReason());
        append(m);
    }

    private Map<String, Object> line(String type, int round, AgentLoop.Totals t, AgentSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("at", Times.iso(clock.instant()));
        m.put("gate", gate);
        m.put("attempt", attempt);
        m.put("agent", agent);
        m.put("round", round);
        m.put("max_tool_rounds", s.maxToolRounds());
        m.put("input_tokens", t.input());
        m.put("max_input_tokens", s.maxInputTokens());
        m.put("output_tokens", t.output());
        m.put("max_output_tokens", s.maxOutputTokens());
        m.put("cost_usd", t.costUsd());
        return m;
    }

    private void append(Map<String, Object> m) {
        try {
            // Figures only, no text to scrub; one append per line, so a reader sees whole lines or a partial last one.
            AppendLog.append(file, Json.STRICT.writeValueAsString(m) + "\n", RunStore.NO_SCRUB);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Both watchers, in order. */
    static AgentProgress both(AgentProgress a, AgentProgress b) {
        return new AgentProgress() {
            @Override
            public void start(String gate, int attempt, String agent, AgentSettings s, int systemChars) {
                a.start(gate, attempt, agent, s, systemChars);
                b.start(gate, attempt, agent, s, systemChars);
            }

            @Override
            public void round(int round, AgentSettings s, AgentLoop.Totals before) {
                a.round(round, s, before);
                b.round(round, s, before);
            }

            @Override
            public void reply(int round, ToolChat.Reply reply, AgentLoop.Totals after, AgentSettings s) {
                a.reply(round, reply, after, s);
                b.reply(round, reply, after, s);
            }

            @Override
            public void tool(int round, ToolChat.Call call, AgentTools.Outcome outcome) {
                a.tool(round, call, outcome);
                b.tool(round, call, outcome);
            }

            @Override
            public void stop(AgentLoop.Result r, AgentSettings s) {
                a.stop(r, s);
                b.stop(r, s);
            }
        };
    }
}
