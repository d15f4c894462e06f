package dev.orun.agent;

import dev.orun.llm.ToolChat;

/** What the tool loop tells its watcher (a terminal, CI log), as it happens. Domain code never prints. */
public interface AgentProgress {
    AgentProgress NONE = new AgentProgress() {
    };

    /** The attempt's agent is about to run with these settings. */
    default void start(String gate, int attempt, String agent, AgentSettings settings, int systemChars) {
    }

    /** A round's request is about to be sent. */
    default void round(int round, AgentSettings settings, AgentLoop.Totals before) {
    }

    /** The model answered a round. */
    default void reply(int round, ToolChat.Reply reply, AgentLoop.Totals after, AgentSettings settings) {
    }

    /** A tool call was carried out (or refused). */
    default void tool(int round, ToolChat.Call call, AgentTools.Outcome outcome) {
    }

    /** The loop stopped. */
    default void stop(AgentLoop.Result result, AgentSettings settings) {
    }
}
