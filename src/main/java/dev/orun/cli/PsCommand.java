package dev.orun.cli;

import dev.orun.cli.support.Columns;
import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.observe.AgentRow;
import dev.orun.observe.RunningAgents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code orun ps}: the agents running now in this repository, from the runs' leases. */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = {"List the agent invocations running now (run, gate, agent, pid, host, elapsed, tokens).",
                "A run whose orun died is shown, and persisted, as INTERRUPTED."})
public final class PsCommand implements Runnable {
    private final Services services;

    public PsCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = {"-a", "--all"}, description = "Also list the invocations that ended in the last day, with their status and error.")
    boolean all;

    @Override
    public void run() {
        List<AgentRow> rows = new RunningAgents(services.store(), services.ctx().clock())
                .list(all ? Duration.ofDays(1) : null, w -> global.err().println("orun: warning: " + w));
        if (global.json()) {
            global.printJson(Map.of("invocations", rows.stream().map(PsCommand::json).toList()));
            return;
        }
        if (rows.isEmpty()) {
            global.out().println(all ? "no agent ran in the last day" : "no agent is running (orun ps --all: the last day's)");
            return;
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "RUN", "GATE", "AGENT", "PID", "HOST", "STARTED", "ELAPSED", "TOKENS", "STATUS");
        for (AgentRow r : rows) {
            line(sb, r.runId(), r.gate() + (r.attempt() == null ? "" : "#" + r.attempt()), r.agent(),
                    r.pid() == null ? "-" : String.valueOf(r.pid()), r.host() == null ? "-" : r.host(), r.startedAt(),
                    elapsed(r.elapsedMs()), r.tokens().total() == 0 ? "-" : String.valueOf(r.tokens().total()),
                    r.status() + (r.error() == null ? "" : "  " + r.error()));
        }
        global.out().print(sb);
    }

    private static final int[] WIDTHS = {50, 6, 14, 7, 12, 24, 8, 7};

    private static void line(StringBuilder sb, String run, String gate, String agent, String pid, String host, String started,
                             String elapsed, String tokens, String status) {
        Columns.row(sb, WIDTHS, run, gate, agent, pid, host, started, elapsed, tokens, status);
    }

    /** 45s, 12m03s, 2h05m. */
    static String elapsed(long ms) {
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + String.format("%02d", s % 60) + "s";
        }
        return s / 3600 + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }

    private static Map<String, Object> json(AgentRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.runId());
        m.put("workflow", r.workflow());
        m.put("gate", r.gate());
        m.put("attempt", r.attempt());
        m.put("agent", r.agent());
        m.put("invocation_id", r.invocationId());
        m.put("status", r.status());
        m.put("pid", r.pid());
        m.put("orun_pid", r.orunPid());
        m.put("host", r.host());
        m.put("started_at", r.startedAt());
        m.put("finished_at", r.finishedAt());
        m.put("elapsed_ms", r.elapsedMs());
        m.put("tokens", r.tokens());
        m.put("cost_usd", r.costUsd());
        m.put("error", r.error());
        return m;
    }
}
