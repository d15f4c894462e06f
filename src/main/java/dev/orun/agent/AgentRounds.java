package dev.orun.agent;

import dev.orun.error.OrunException;
import dev.orun.llm.ToolChat;
import dev.orun.run.AgentRun;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunIds;
import dev.orun.run.RunRecord;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.run.Tokens;
import dev.orun.schema.Json;
import dev.orun.store.AppendLog;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunLease;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Records a model agent's rounds: each an invocation in the run record (RUNNING with the lease pointing at it before
 * its request, finished with tokens, cost and stop reason after), each write an {@code AGENT_FILE_WRITTEN} event, and
 * every event a line of the attempt's {@code transcript.jsonl} in logs/, scrubbed of secrets and (unless orun.yaml's
 * {@code scrub:} says otherwise) e-mail addresses and phone numbers.
 */
final class AgentRounds implements AgentLoop.Rounds {
    private final RunStore store;
    private final Clock clock;
    private final UnaryOperator<String> scrub;
    private final String runId;
    private final String gate;
    private final int attempt;
    private final String agent;
    private final ToolChat chat;
    private final Path transcript;
    private final Map<String, Invocation> open = new HashMap<>();

    AgentRounds(RunStore store, Clock clock, UnaryOperator<String> scrub, String runId, String gate, int attempt, String agent,
                ToolChat chat, Path transcript) {
        this.store = store;
        this.clock = clock;
        this.scrub = scrub;
        this.runId = runId;
        this.gate = gate;
        this.attempt = attempt;
        this.agent = agent;
        this.chat = chat;
        this.transcript = transcript;
    }

    @Override
    public String begin(int n) {
        Instant now = clock.instant();
        Invocation inv = new Invocation(RunIds.newInvocationId(now), gate, agent, InvocationStatus.RUNNING, Times.iso(now),
                null, null, chat.model(), chat.provider(), Tokens.ZERO, null, null, null, null, null, n, null);
        try (RunLock ignored = store.lock(runId)) {
            RunRecord r = store.read(runId);
            GateState g = r.gate(gate);
            Attempt a = g == null ? null : g.lastAttempt();
            if (a == null || a.attempt() != attempt || g.status() != GateStatus.RUNNING) {
                throw OrunException.failed("gate " + gate + " attempt " + attempt + " of run " + runId + " changed while its agent "
                        + "ran (now " + (g == null ? "missing" : g.status()) + "): the agent stopped; see the record");
            }
            RunLease lease = store.leases().read(runId);
            if (lease != null && lease.isSelf()) {
                store.leases().write(runId, lease.running(gate, attempt, inv.invocationId()));
            }
            store.write(r.withInvocation(inv).withGate(g.withAttempt(a.withInvocation(inv.invocationId())))
                    .withEvent(inv.startedAt(), "INVOCATION_STARTED", "Round " + n + " of agent " + agent + " (" + chat.model()
                            + ") started: invocation " + inv.invocationId(), gate, attempt));
        }
        open.put(inv.invocationId(), inv);
        return inv.invocationId();
    }

    @Override
    public void end(String invocationId, int n, ToolChat.Reply reply, Double costUsd, String error) {
        Invocation inv = open.remove(invocationId);
        Instant now = clock.instant();
        long ms = Math.max(0, Duration.between(Times.parse(inv.startedAt()), now).toMillis());
        Invocation done;
        if (reply == null) {
            done = new Invocation(inv.invocationId(), gate, agent, InvocationStatus.FAIL, inv.startedAt(), Times.iso(now), ms,
                    inv.model(), inv.provider(), Tokens.ZERO, null, null, scrub.apply(error), null, null, n, null);
            line(Map.of("type", "error", "round", n, "invocation", invocationId, "error", scrub.apply(error)));
        } else {
            ToolChat.Usage u = reply.usage();
            Tokens tokens = new Tokens(u.input(), u.output(), u.input() + u.output(), u.cacheRead(), u.cacheCreation());
            done = new Invocation(inv.invocationId(), gate, agent, InvocationStatus.SUCCESS, inv.startedAt(), Times.iso(now), ms,
                    reply.model(), inv.provider(), tokens, costUsd, null, null, Sha256.hex(reply.requestText()),
                    Sha256.hex(reply.responseText()), n, reply.stopReason().isEmpty() ? null : reply.stopReason());
            Path logs = store.paths().logsDir(runId).resolve("invocations").resolve(invocationId);
            AtomicFiles.write(logs.resolve("response.json"), scrub.apply(reply.responseText()).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", "assistant");
            entry.put("round", n);
            entry.put("invocation", invocationId);
            entry.put("stop_reason", reply.stopReason());
            entry.put("text", scrub.apply(reply.text()));
            entry.put("tool_calls", reply.calls().stream().map(c -> Map.of("id", c.id(), "name", c.name(),
                    "input", c.input() == null ? "(not a JSON object)" : scrub.apply(Json.STRICT.writeValueAsString(c.input())))).toList());
            entry.put("usage", Map.of("input", u.input(), "output", u.output(), "cache_read", u.cacheRead(),
                    "cache_creation", u.cacheCreation()));
            entry.put("duration_ms", reply.durationMs());
            line(entry);
        }
        try (RunLock ignored = store.lock(runId)) {
            RunRecord r = store.read(runId);
            store.write(r.withInvocation(done).withEvent(done.finishedAt(), "INVOCATION_FINISHED", "Round " + n + " of agent "
                    + agent + ": " + done.status() + (done.stopReason() == null ? "" : " (" + done.stopReason() + ")") + ", "
                    + done.tokens().prompt() + " input and " + done.tokens().completion() + " output tokens in " + ms + " ms"
                    + (done.reason() == null ? "" : ": " + brief(done.reason())), gate, attempt));
        }
    }

    @Override
    public void tool(String invocationId, int n, ToolChat.Call call, AgentTools.Outcome o) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "tool_result");
        entry.put("round", n);
        entry.put("id", call.id());
        entry.put("name", call.name());
        entry.put("error", o.error());
        entry.put("content", scrub.apply(o.content()));
        line(entry);
        if (o.write() != null) {
            AgentRun.Write w = o.write();
            String ts = Times.iso(clock.instant());
            store.update(runId, r -> r.withEvent(ts, "AGENT_FILE_WRITTEN", "Agent " + agent + " wrote " + w.path() + " ("
                    + w.bytes() + " bytes, sha256 " + w.sha256() + ") in round " + n, gate, attempt));
        }
    }

    void line(Map<String, ?> entry) {
        try {
            ObjectNode node = Json.STRICT.valueToTree(entry);
            // The fields are scrubbed already; the log writer scrubs the line again (its replacements keep JSON valid).
            AppendLog.append(transcript, Json.STRICT.writeValueAsString(node) + "\n", scrub);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + store.paths().relative(transcript) + ": " + e.getMessage(), e);
        }
    }

    private static String brief(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 197) + "…" : one;
    }
}
