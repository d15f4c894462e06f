package dev.orun.agent;

import dev.orun.error.OrunException;
import dev.orun.gate.GateContract;
import dev.orun.gate.HashProgress;
import dev.orun.http.Secrets;
import dev.orun.llm.Providers;
import dev.orun.llm.ToolChat;
import dev.orun.run.AgentRun;
import dev.orun.scrub.PiiScrubber;
import dev.orun.scrub.ScrubSettings;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.RunRecord;
import dev.orun.run.Sha256;
import dev.orun.run.Times;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunLease;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;
import dev.orun.workflow.AgentRunner;
import dev.orun.workflow.GateService;
import dev.orun.workflow.ModelGates;
import dev.orun.workflow.Placeholders;
import dev.orun.workflow.Workflow;
import dev.orun.workflow.WorkflowCatalog;
import dev.orun.workflow.WorkflowGate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A gate done by a model agent ({@code orun agent execute}, and model gates of a pipeline): starts or joins the
 * attempt, compiles the agent's system prompt, sends the gate's prompt packet as the first user message, runs the
 * tool loop under the gate's budgets (each round an invocation in the record, the transcript in
 * {@code logs/gates/<Gx>/attempt-<n>/agent/}), records why the agent stopped on the attempt, then finishes (validates)
 * the gate when the agent completed, or fails it. {@link #execute} retries a failed attempt up to
 * {@code max_attempts}, with the failures in the next packet. This process holds the run's lease while it works, so a
 * crash leaves the run INTERRUPTED and its round INTERRUPTED.
 */
public final class AgentGate implements ModelGates {
    private final RunStore store;
    private final WorkflowCatalog workflows;
    private final GateService gates;
    private final AgentRunner packets;
    private final RoutingTable routing;
    private final PriceTable prices;
    private final AgentPrompts prompts;
    private final Providers providers;
    private final Secrets secrets;
    private final Map<String, String> env;
    private final Clock clock;
    private final Function<Writer, AgentProgress> progress;

    public AgentGate(RunStore store, WorkflowCatalog workflows, GateService gates, AgentRunner packets, RoutingTable routing,
                     PriceTable prices, Providers providers, Map<String, String> env, Clock clock,
                     Function<Writer, AgentProgress> progress) {
        this.store = store;
        this.workflows = workflows;
        this.gates = gates;
        this.packets = packets;
        this.routing = routing;
        this.prices = prices;
        this.prompts = new AgentPrompts(store.paths());
        this.providers = providers;
        this.secrets = secretsOf(env);
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.progress = progress;
    }

    /** Every value of a variable whose name says it is a secret (key, token, secret, password). */
    static Secrets secretsOf(Map<String, String> env) {
        List<String> values = new ArrayList<>();
        env.forEach((k, v) -> {
            String n = k.toUpperCase(Locale.ROOT);
            if (n.contains("KEY") || n.contains("TOKEN") || n.contains("SECRET") || n.contains("PASSWORD")) {
                values.add(v);
            }
        });
        return new Secrets(values);
    }

    /** What {@link #execute} did: the last attempt's verdict and the loop result of each attempt run. */
    public record Execution(GateService.FinishResult verdict, List<AgentLoop.Result> attempts) {
        public boolean passed() {
            return verdict.passed();
        }
    }

    /**
     * Whether the pipeline hands this gate to its model agent: a gate whose workflow entry names a {@code model}
     * always; a gate that is a model gate through the routing table alone only when its provider is configured (as
     * {@code orun plan} picks anthropic only with a key) — without one, it waits for a person as before.
     */
    @Override
    public boolean handles(Workflow wf, WorkflowGate wg) {
        if (!routing.isModelGate(wg)) {
            return false;
        }
        if (wg.model() != null) {
            return true;
        }
        AgentSettings s = settings(wg);
        if ("anthropic".equals(s.provider())) {
            String key = env.get("ANTHROPIC_API_KEY");
            return key != null && !key.isBlank();
        }
        try {
            providers.check(s.provider(), s.model());
            return true;
        } catch (OrunException e) {
            return false;
        }
    }

    public AgentSettings settings(WorkflowGate wg) {
        return routing.resolve(wg.gate(), wg);
    }

    /**
     * Runs the gate with its model agent, retrying failed attempts up to max_attempts. Asked for by name, a model agent
     * does the gate even when its workflow entry has an {@code exec} command (a pipeline would run that instead).
     */
    public Execution execute(String runId, String gateId, Writer out) {
        RunRecord run = store.read(runId);
        WorkflowGate wg = gates.workflowGate(run, gateId);
        AgentSettings s = settings(wg);
        prepare(run, wg, s);
        GateState gs = run.gate(gateId);
        if (gs != null && gs.status() == GateStatus.PASS) {
            throw OrunException.failed("gate " + gateId + " of run " + runId + " already passed (attempt "
                    + gs.lastAttempt().attempt() + "): nothing to run; start a new attempt with 'orun gate start --force --run "
                    + runId + " --gate " + gateId + "' first");
        }
        // Driving the run is claimed before a gate starts: a run another live process drives is refused (exit 6) untouched.
        RunLease outer = takeLease(runId, gateId, null);
        try {
            return attempts(runId, wg, s, out);
        } finally {
            try (RunLock ignored = store.lock(runId)) {
                store.leases().restore(runId, outer);
            }
        }
    }

    private Execution attempts(String runId, WorkflowGate wg, AgentSettings s, Writer out) {
        String gateId = wg.gate();
        List<AgentLoop.Result> results = new ArrayList<>();
        while (true) {
            GateState gs = store.read(runId).gate(gateId);
            if (gs == null || gs.status() != GateStatus.RUNNING) {
                gates.start(runId, gateId, null, false);
            }
            int n = store.read(runId).gate(gateId).lastAttempt().attempt();
            boolean last = n >= wg.maxAttempts();
            Outcome o = attempt(runId, wg, s, last, out);
            results.add(o.loop);
            if (o.loop.failure() != null) {
                throw o.loop.failure();
            }
            if (o.verdict.passed() || last) {
                return new Execution(o.verdict, results);
            }
        }
    }

    @Override
    public GateService.FinishResult run(String runId, WorkflowGate wg, boolean mayFailRun, Writer out) {
        AgentSettings s = settings(wg);
        prepare(store.read(runId), wg, s);
        Outcome o = attempt(runId, wg, s, mayFailRun, out);
        if (o.loop.failure() != null) {
            throw o.loop.failure();
        }
        return o.verdict;
    }

    /** Everything that can be wrong before a gate starts: the provider's variables and the agent's file. */
    private void prepare(RunRecord run, WorkflowGate wg, AgentSettings s) {
        String who = "gate " + wg.gate() + " is done by a model agent (" + s.model() + ", " + s.sources().getOrDefault("model", "")
                + (s.table() == null || !s.sources().getOrDefault("model", "").startsWith("routing") ? "" : " in " + s.table()) + ")";
        String key = env.get("ANTHROPIC_API_KEY");
        if ("anthropic".equals(s.provider()) && (key == null || key.isBlank())) {
            throw OrunException.usage(who + ": it needs ANTHROPIC_API_KEY: set it in the environment or in .env at the repository "
                    + "root (or route the gate to an OpenAI-compatible server with provider: openai)");
        }
        try {
            providers.check(s.provider(), s.model());
        } catch (OrunException e) {
            throw new OrunException(e.exit(), who + ": " + e.getMessage());
        }
        prompts.compile(wg.agent(), new AgentPrompts.GateContext(wg.gate(), wg.name(), null, null, List.of()), s.tools());
    }

    private record Outcome(AgentLoop.Result loop, GateService.FinishResult verdict) {
    }

    private Outcome attempt(String runId, WorkflowGate wg, AgentSettings s, boolean mayFailRun, Writer out) {
        RunRecord run = store.read(runId);
        Attempt attempt = run.gate(wg.gate()).lastAttempt();
        String packetPath = packets.ensurePacket(run, wg, attempt);
        run = store.read(runId);
        attempt = run.gate(wg.gate()).lastAttempt();
        int n = attempt.attempt();
        GateContract contract = gates.contract(wg, wg.gate());
        var values = dev.orun.workflow.PromptPackets.values(run, packetPath);
        List<String> outputs = contract.outputs().stream().map(o -> Placeholders.fill(o.path(), values)).toList();
        String system = prompts.compile(wg.agent(), new AgentPrompts.GateContext(wg.gate(), wg.name(), run.workflow().slug(),
                run.workflow().artifactPath(), outputs), s.tools());
        String first = firstMessage(read(store.paths().root().resolve(packetPath)));
        Path dir = store.paths().logsDir(runId).resolve("gates").resolve(wg.gate()).resolve("attempt-" + n).resolve("agent");
        PiiScrubber pii = ScrubSettings.forLogs(store.paths(), store.schemas(), env);
        UnaryOperator<String> scrub = t -> t == null ? null : pii.scrub(secrets.scrub(t));
        AtomicFiles.write(dir.resolve("system.md"), scrub.apply(system).getBytes(StandardCharsets.UTF_8));
        List<String> writable = new ArrayList<>();
        if (run.workflow().artifactPath() != null) {
            writable.add(run.workflow().artifactPath());
        }
        writable.addAll(outputs);
        AgentTools tools = new AgentTools(store.paths().root(), s.tools(), writable,
                store.paths().relative(store.paths().runsDir()), secrets);
        ToolChat chat = providers.toolChat(s.provider(), s.model());
        String agent = wg.agent();
        AgentRounds recorder = new AgentRounds(store, clock, scrub, runId, wg.gate(), n, agent, chat, dir.resolve("transcript.jsonl"));
        AgentProgress watcher = ProgressFile.both(progress.apply(out),
                new ProgressFile(ProgressFile.of(store.paths().logsDir(runId), wg.gate(), n), clock));
        watcher.start(wg.gate(), n, agent, s, system.length());
        recorder.line(Map.of("type", "start", "gate", wg.gate(), "attempt", n, "agent", agent, "model", s.model(),
                "provider", s.provider(), "system_sha256", Sha256.hex(system), "system_chars", system.length()));
        recorder.line(Map.of("type", "user", "text", scrub.apply(first)));
        RunLease previous = takeLease(runId, wg.gate(), n);
        AgentLoop.Result result;
        try {
            RunRecord before = store.read(runId);
            long used = before.invocations().stream().filter(i -> i.round() != null).count();
            AgentLoop.Totals spent = new AgentLoop.Totals(
                    before.invocations().stream().filter(i -> i.round() != null).mapToLong(i -> i.tokens().prompt()).sum(),
                    before.invocations().stream().filter(i -> i.round() != null).mapToLong(i -> i.tokens().completion()).sum(), 0, 0, null);
            result = new AgentLoop(chat, s, tools, prices, recorder, watcher, routing.runBudget(), spent, used).run(system, first);
        } finally {
            try (RunLock ignored = store.lock(runId)) {
                store.leases().restore(runId, previous);
            }
        }
        recorder.line(Map.of("type", "stop", "stop_reason", result.stopReason(), "detail", String.valueOf(result.detail()),
                "rounds", result.rounds(), "input_tokens", result.totals().input(), "output_tokens", result.totals().output()));
        AgentRun agentRun = result.agentRun(s, chat.provider());
        store.update(runId, r -> {
            GateState g = r.gate(wg.gate());
            Attempt a = g == null ? null : g.lastAttempt();
            if (a == null || a.attempt() != n || a.status() != GateStatus.RUNNING) {
                return r;
            }
            return r.withGate(g.withAttempt(a.withAgentRun(agentRun)));
        });
        GateService.FinishResult verdict = result.complete()
                ? gates.finish(runId, wg.gate(), HashProgress.NONE, mayFailRun)
                : gates.fail(runId, wg.gate(), "agent " + agent + " (" + result.model() + ") stopped: " + result.stopReason()
                + " — " + result.detail() + "; " + result.rounds() + " rounds, " + result.totals().input() + " input and "
                + result.totals().output() + " output tokens (transcript " + store.paths().relative(dir.resolve("transcript.jsonl")) + ")",
                mayFailRun);
        return new Outcome(result, verdict);
    }

    /** The packet, with its closing section said for a model agent instead of a person. */
    static String firstMessage(String packet) {
        int at = packet.lastIndexOf("\n## When you are done");
        String body = at < 0 ? packet.stripTrailing() : packet.substring(0, at).stripTrailing();
        return body + "\n\n## When you are done\n\nWrite every required output with write_file, then stop calling tools;"
                + " orun then checks the outputs against the contract.\n";
    }

    private RunLease takeLease(String runId, String gate, Integer attempt) {
        try (RunLock ignored = store.lock(runId)) {
            RunLease current = store.leases().read(runId);
            RunLease base = current != null && current.isSelf() ? current : RunLease.self(Times.iso(clock.instant()), "orun agent execute");
            return store.leases().take(runId, base.running(gate, attempt, null));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
