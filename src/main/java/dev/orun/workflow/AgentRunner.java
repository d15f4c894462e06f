package dev.orun.workflow;

import dev.orun.exec.ChildProcesses;
import dev.orun.exec.ShellScript;
import dev.orun.http.Secrets;
import dev.orun.error.OrunException;
import dev.orun.gate.GateContract;
import dev.orun.gate.HashProgress;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.Invocation;
import dev.orun.run.InvocationStatus;
import dev.orun.run.RunIds;
import dev.orun.run.RunRecord;
import dev.orun.run.Times;
import dev.orun.run.Tokens;
import dev.orun.scrub.PiiScrubber;
import dev.orun.scrub.ScrubSettings;
import dev.orun.scrub.ScrubbingWriter;
import dev.orun.store.AppendLog;
import dev.orun.store.RunLease;
import dev.orun.store.RunLock;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an agent command for a gate attempt ({@code gate exec}, and {@code exec} gates of a pipeline): starts or
 * joins the attempt, writes its prompt packet, records the invocation RUNNING with this process in the run's lease,
 * streams the agent's stdout and stderr to the caller and to {@code logs/invocations/<id>/output.log}, kills the
 * agent's whole process tree on timeout, records SUCCESS or FAIL with exit code and duration, then finishes the gate.
 */
public final class AgentRunner {
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private final RunStore store;
    private final GateService gates;
    private final PromptPackets packets;
    private final WorkflowCatalog workflows;
    private final Clock clock;
    private final Map<String, String> env;

    public AgentRunner(RunStore store, WorkflowCatalog workflows, GateService gates, Clock clock, Map<String, String> env) {
        this.store = store;
        this.workflows = workflows;
        this.gates = gates;
        this.packets = new PromptPackets(store);
        this.clock = clock;
        this.env = Map.copyOf(env);
    }

    /**
     * What to run. {@code shell}: {@code command} is one string for {@code sh -c}. {@code timeout} may be null
     * (no limit). {@code finish}: finish the gate afterwards; {@code mayFailRun}: a failed gate may fail the run.
     */
    public record Request(String runId, String gateId, String agent, List<String> command, boolean shell, Duration timeout,
                          boolean finish, boolean mayFailRun) {
    }

    /** What happened: the invocation, its log, and the gate's verdict (null with finish off). */
    public record Result(Invocation invocation, String log, String packet, boolean joined, GateService.FinishResult gate) {
        public boolean agentSucceeded() {
            return invocation.status() == InvocationStatus.SUCCESS;
        }
    }

    public Result exec(Request req, Writer out, Writer err) {
        if (req.command().isEmpty() || req.command().get(0).isBlank()) {
            throw OrunException.usage("no agent command: pass it after '--', e.g. orun gate exec --run ID --gate G1 --agent A -- claude -p {prompt_file}");
        }
        RunRecord run = store.read(req.runId());
        RunService.refuseFinal(run, "gate " + req.gateId() + " cannot run an agent");
        WorkflowGate wg = gates.workflowGate(run, req.gateId());
        GateState gate = run.gate(req.gateId());
        boolean joined = gate != null && gate.status() == GateStatus.RUNNING;
        if (!joined) {
            if (gate != null && gate.status() == GateStatus.PASS) {
                throw OrunException.failed("gate " + req.gateId() + " of run " + req.runId() + " already passed (attempt "
                        + gate.lastAttempt().attempt() + "): nothing to run; start a new attempt with 'orun gate start --force --run "
                        + req.runId() + " --gate " + req.gateId() + "' first");
            }
            gates.start(req.runId(), req.gateId(), req.agent(), false);
        }
        run = store.read(req.runId());
        Attempt attempt = run.gate(req.gateId()).lastAttempt();
        String packet = ensurePacket(run, wg, attempt);
        run = store.read(req.runId());

        Map<String, String> values = PromptPackets.values(run, packet);
        List<String> argv = new ArrayList<>();
        // A value pasted into a shell script is quoted for where it stands: it stays data, never shell syntax.
        if (req.shell()) {
            argv.add("sh");
            argv.add("-c");
            argv.add(ShellScript.fill(req.command().get(0), values::get));
        } else {
            for (int i = 0; i < req.command().size(); i++) {
                String a = req.command().get(i);
                argv.add(ShellScript.isScript(req.command(), i) ? ShellScript.fill(a, values::get) : Placeholders.fill(a, values));
            }
        }
        String agent = req.agent() != null ? req.agent() : wg.agent() != null ? wg.agent() : Path.of(argv.get(0)).getFileName().toString();

        Instant started = clock.instant();
        Invocation inv = new Invocation(RunIds.newInvocationId(started), req.gateId(), agent, InvocationStatus.RUNNING,
                Times.iso(started), null, null, null, null, Tokens.ZERO, null, null, null, null, null);
        RunLease previous = begin(req, attempt.attempt(), inv);
        Path log = store.paths().logsDir(req.runId()).resolve("invocations").resolve(inv.invocationId()).resolve("output.log");
        Outcome outcome;
        try {
            outcome = run(argv, req, log, out, err, inv, attempt.attempt(), packet);
        } catch (RuntimeException e) {
            outcome = new Outcome(null, "orun failed while running the agent: " + e.getMessage());
            end(req, inv, outcome, previous);
            throw e;
        }
        Invocation done = end(req, inv, outcome, previous);

        GateService.FinishResult verdict = null;
        if (req.finish()) {
            verdict = done.status() == InvocationStatus.SUCCESS
                    ? gates.finish(req.runId(), req.gateId(), HashProgress.NONE, req.mayFailRun())
                    : gates.fail(req.runId(), req.gateId(), "agent " + agent + " " + outcome.reason
                    + " (invocation " + inv.invocationId() + ", output in " + store.paths().relative(log) + ")", req.mayFailRun());
        }
        return new Result(done, store.paths().relative(log), packet, joined, verdict);
    }

    /** Writes the attempt's packet when it has none yet and records its SHA-256 on the attempt; returns its path. */
    public String ensurePacket(RunRecord run, WorkflowGate wg, Attempt attempt) {
        if (attempt.promptSha256() != null && Files.isRegularFile(packets.latest(run.runId(), wg.gate()))) {
            return store.paths().relative(packets.latest(run.runId(), wg.gate()));
        }
        Workflow wf = workflows.find(run.workflow().name());
        GateContract contract = gates.contract(wg, wg.gate());
        PromptPackets.Packet p = packets.write(run, wf, wg, contract, attempt);
        store.update(run.runId(), r -> {
            GateState g = r.gate(wg.gate());
            Attempt last = g == null ? null : g.lastAttempt();
            if (last == null || last.attempt() != attempt.attempt() || last.status() != GateStatus.RUNNING) {
                return r;
            }
            return r.withGate(g.withAttempt(last.withPromptSha256(p.sha256())));
        });
        return p.path();
    }

    private RunLease begin(Request req, int attemptNo, Invocation inv) {
        try (RunLock ignored = store.lock(req.runId())) {
            RunRecord r = store.read(req.runId());
            RunService.refuseFinal(r, "gate " + req.gateId() + " cannot run an agent");
            GateState g = r.gate(req.gateId());
            Attempt last = g == null ? null : g.lastAttempt();
            if (last == null || last.attempt() != attemptNo || g.status() != GateStatus.RUNNING) {
                throw OrunException.failed("gate " + req.gateId() + " attempt " + attemptNo + " of run " + req.runId()
                        + " changed before the agent started (now " + (g == null ? "missing" : g.status()) + "): nothing run; try again");
            }
            RunLease current = store.leases().read(req.runId());
            RunLease base = current != null && current.isSelf() ? current : RunLease.self(inv.startedAt(), "orun gate exec");
            RunLease previous = store.leases().take(req.runId(), base.running(req.gateId(), attemptNo, inv.invocationId()));
            store.write(r.withInvocation(inv).withGate(g.withAttempt(last.withInvocation(inv.invocationId())))
                    .withEvent(inv.startedAt(), "INVOCATION_STARTED", "Invocation " + inv.invocationId() + " by " + inv.agent()
                            + " started", req.gateId(), attemptNo));
            return previous;
        }
    }

    private Invocation end(Request req, Invocation inv, Outcome outcome, RunLease previous) {
        try (RunLock ignored = store.lock(req.runId())) {
            Instant now = clock.instant();
            long ms = Math.max(0, Duration.between(Times.parse(inv.startedAt()), now).toMillis());
            InvocationStatus status = outcome.exitCode != null && outcome.exitCode == 0 && outcome.reason == null
                    ? InvocationStatus.SUCCESS : InvocationStatus.FAIL;
            String reason = status == InvocationStatus.SUCCESS ? null : outcome.reason;
            Invocation done = inv.finish(status, Times.iso(now), ms, outcome.exitCode, reason);
            RunRecord r = store.read(req.runId());
            Invocation recorded = r.invocation(inv.invocationId());
            if (recorded != null && recorded.status() != InvocationStatus.RUNNING) {
                // Ended from outside (orun kill): its record stands, and this driver stops.
                store.leases().restore(req.runId(), previous);
                throw OrunException.failed("agent " + inv.agent() + " (invocation " + inv.invocationId() + ") was ended from outside: "
                        + recorded.reason() + "; continue with 'orun run resume --run " + req.runId() + "'");
            }
            GateState g = r.gate(req.gateId());
            Integer attemptNo = g == null || g.lastAttempt() == null ? null : g.lastAttempt().attempt();
            store.write(r.withInvocation(done).withEvent(done.finishedAt(), "INVOCATION_FINISHED", "Invocation "
                    + inv.invocationId() + " by " + inv.agent() + ": " + status + (outcome.exitCode == null ? "" : ", exit " + outcome.exitCode)
                    + " in " + ms + " ms" + (reason == null ? "" : " (" + reason + ")"), req.gateId(), attemptNo));
            store.leases().restore(req.runId(), previous);
            return done;
        }
    }

    /** The agent's exit: {@code reason} is set when it did not simply exit 0 (exit code, timeout, start failure). */
    private record Outcome(Integer exitCode, String reason) {
    }

    private Outcome run(List<String> argv, Request req, Path log, Writer out, Writer err, Invocation inv, int attemptNo,
                        String packet) {
        ProcessBuilder pb = new ProcessBuilder(ChildProcesses.inOwnGroup(argv)).directory(store.paths().root().toFile());
        ChildProcesses.environment(pb, ChildProcesses.agentEnvironment(env));
        pb.environment().put("ORUN_RUN_ID", req.runId());
        pb.environment().put("ORUN_GATE", req.gateId());
        pb.environment().put("ORUN_PROMPT_FILE", packet);
        Process p;
        // An agent that prints a key (its own or one it found) puts it neither on the terminal nor in the log.
        Secrets secrets = Secrets.fromEnvironment(env);
        Writer shownOut = ScrubbingWriter.wrap(out, secrets, true);
        Writer shownErr = ScrubbingWriter.wrap(err, secrets, true);
        // The log is also scrubbed of personal data (orun.yaml scrub:, docs/observability.md).
        PiiScrubber scrubber = ScrubSettings.forLogs(store.paths(), store.schemas(), env);
        // (The PII scrubber masks the environment's secrets in the log itself, as [REDACTED:secret].)
        try (Writer logWriter = AppendLog.open(log, scrubber::scrub)) {
            try {
                p = pb.start();
            } catch (IOException e) {
                String why = "could not start '" + argv.get(0) + "': " + e.getMessage();
                logWriter.write("orun: " + why + "\n");
                return new Outcome(null, why);
            }
            p.getOutputStream().close();
            RunLease lease = store.leases().read(req.runId());
            if (lease != null && lease.isSelf()) {
                store.leases().write(req.runId(), lease.withAgent(p));
            }
            // Ctrl-C or kill of orun takes the agent's tree with it; the lease tells the next reader what happened.
            Thread hook = new Thread(() -> killTree(p));
            Runtime.getRuntime().addShutdownHook(hook);
            Object lock = new Object();
            Thread o = pump(p.getInputStream(), shownOut, logWriter, lock, "orun-agent-out");
            Thread e = pump(p.getErrorStream(), shownErr, logWriter, lock, "orun-agent-err");
            String reason = null;
            Integer exit;
            try {
                boolean exited = req.timeout() == null ? waitFor(p) : p.waitFor(req.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (!exited) {
                    int killed = killTree(p);
                    reason = "timed out after " + describe(req.timeout()) + "; orun killed the agent"
                            + (killed > 0 ? " and its " + killed + " child process" + (killed == 1 ? "" : "es") : "");
                }
                p.waitFor(KILL_GRACE.toMillis() * 2, TimeUnit.MILLISECONDS);
                o.join(DRAIN_GRACE.toMillis());
                e.join(DRAIN_GRACE.toMillis());
            } catch (InterruptedException ie) {
                killTree(p);
                Thread.currentThread().interrupt();
                reason = "orun was interrupted; it killed the agent";
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running
                }
            }
            exit = p.isAlive() ? null : p.exitValue();
            if (reason == null && exit != null && exit != 0) {
                reason = "exited " + exit;
            }
            synchronized (lock) {
                logWriter.flush();
            }
            drain(shownOut, out);
            drain(shownErr, err);
            return new Outcome(exit, reason);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + store.paths().relative(log) + ": " + ex.getMessage(), ex);
        }
    }

    /** Writes what a scrubbing writer still holds back, without closing the caller's writer. */
    private static void drain(Writer shown, Writer target) throws IOException {
        if (shown != target) {
            synchronized (shown) {
                ((ScrubbingWriter) shown).drain();
            }
        }
    }

    private static boolean waitFor(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    /** Kills the agent's process group and every descendant; returns how many descendants. */
    static int killTree(Process p) {
        return ChildProcesses.killGroup(p, KILL_GRACE);
    }

    private static Thread pump(InputStream in, Writer sink, Writer log, Object lock, String name) {
        Thread t = new Thread(() -> {
            char[] buf = new char[8192];
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int n;
                while ((n = r.read(buf)) > 0) {
                    synchronized (lock) {
                        log.write(buf, 0, n);
                        log.flush();
                    }
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                        sink.flush();
                    }
                }
            } catch (IOException e) {
                // the agent closed its end, or was killed: nothing more to copy
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
