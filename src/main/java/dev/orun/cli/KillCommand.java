package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.RunTarget;
import dev.orun.observe.AgentKill;
import dev.orun.run.Durations;
import dev.orun.store.RunLease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code orun kill}: end a run's running agent, record why, and leave the run resumable. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = {"End a run's running agent: SIGTERM to its process tree, SIGKILL after --grace.",
                "Records the invocation FAIL (who, why, exit status), fails the attempt, and leaves the run",
                "INTERRUPTED: 'orun run resume' starts the gate again. Only on the host the agent runs on."})
public final class KillCommand implements Runnable {
    private final Services services;

    public KillCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Mixin
    RunTarget target;

    @Option(names = "--gate", paramLabel = "Gx", description = "Kill only when the running agent is this gate's.")
    String gate;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record (default: Killed by user).")
    String reason;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "5s",
            description = "Wait this long after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
    String grace;

    @Override
    public void run() {
        Duration g = Durations.parse(grace, "--grace");
        String id = target.runId(services);
        String user = services.ctx().env().getOrDefault("USER", System.getProperty("user.name", "unknown"));
        AgentKill.Result r = new AgentKill(services.store(), services.gates(), services.ctx().clock())
                .kill(new AgentKill.Request(id, gate, reason, user, RunLease.currentHost(), g));
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", id);
            doc.put("gate", r.invocation().gate());
            doc.put("attempt", r.attempt());
            doc.put("invocation", r.invocation());
            doc.put("signal", r.ended().wasAlive() ? (r.ended().forced() ? "SIGKILL" : "SIGTERM") : null);
            doc.put("processes", r.ended().processes());
            doc.put("run_status", r.run().status());
            global.printJson(doc);
            return;
        }
        global.out().println("killed " + r.invocation().agent() + " (invocation " + r.invocation().invocationId() + ", gate "
                + r.invocation().gate() + (r.attempt() == null ? "" : " attempt " + r.attempt()) + "): "
                + (r.ended().wasAlive() ? r.ended().processes() + " process" + (r.ended().processes() == 1 ? "" : "es")
                + (r.ended().forced() ? ", SIGKILL after " + grace : ", SIGTERM") : "its process had already ended"));
        global.out().println(id + " " + r.run().status() + ": continue with 'orun run resume --run " + id + "'");
    }
}
