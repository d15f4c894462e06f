package dev.orun.cli.support;

import dev.orun.agent.AgentGate;
import dev.orun.agent.AgentProgress;
import dev.orun.agent.PriceTable;
import dev.orun.agent.RoutingTable;
import dev.orun.http.Sleeper;
import dev.orun.llm.Providers;
import dev.orun.plan.PlanService;
import dev.orun.run.Durations;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.DotEnv;
import dev.orun.store.OrunPaths;
import dev.orun.store.RootLocator;
import dev.orun.store.RunStore;
import dev.orun.workflow.AgentRunner;
import dev.orun.workflow.GateService;
import dev.orun.workflow.Pipeline;
import dev.orun.workflow.RunService;
import dev.orun.workflow.WorkflowCatalog;

import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place that builds orun's services for a command: the repository, the store, the catalogue, the gate,
 * agent and pipeline services. {@code Main} makes one per invocation and the factory hands it to every command
 * whose constructor takes it; the global options (--root, --lock-timeout) reach it once they are parsed
 * ({@link #use}), before the command runs. Each service is built on first use, so a command pays only for what it uses.
 */
public final class Services {
    private final CliContext ctx;
    private Path root;
    private String command;
    private String lockTimeout = GlobalOptions.DEFAULT_LOCK_TIMEOUT;
    private OrunPaths paths;
    private SchemaValidator schemas;
    private RunStore store;

    public Services(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The parsed global options of the command about to run. */
    public void use(GlobalOptions options) {
        use(options, null);
    }

    /** As {@link #use(GlobalOptions)}, naming the command ({@code gate finish}) for {@code ORUN_TRACE_LOCK}'s lines. */
    public void use(GlobalOptions options, String command) {
        this.root = options.root();
        this.lockTimeout = options.lockTimeoutText();
        this.command = command;
    }

    public CliContext ctx() {
        return ctx;
    }

    public Path explicitRoot() {
        return root;
    }

    public Duration lockTimeout() {
        return Durations.parse(lockTimeout, "--lock-timeout");
    }

    public OrunPaths paths() {
        if (paths == null) {
            paths = RootLocator.locate(root, ctx.env(), ctx.cwd());
        }
        return paths;
    }

    /**
     * The schema validator. Workflow and contract files whose bytes passed before are not validated again (the memo
     * {@link dev.orun.store.ValidatedFiles}), unless {@link #withoutMemos()} was called.
     */
    public SchemaValidator schemas() {
        if (schemas == null) {
            schemas = memos ? new SchemaValidator(new dev.orun.store.ValidatedFiles(new CacheDir())) : new SchemaValidator();
        }
        return schemas;
    }

    private boolean memos = true;

    /** The runs folder's cache, found when the memo is first asked (a class: no lambda on run show's path). */
    private final class CacheDir implements java.util.function.Supplier<Path> {
        @Override
        public Path get() {
            return paths().cacheDir();
        }
    }

    /** From now on no memo is trusted: for {@code run verify}, which checks every file itself (services built before are dropped). */
    public Services withoutMemos() {
        memos = false;
        schemas = null;
        store = null;
        return this;
    }

    public RunStore store() {
        if (store == null) {
            store = new RunStore(paths(), schemas(), lockTimeout(), ctx.clock(),
                    dev.orun.http.Secrets.fromEnvironment(DotEnv.merged(paths().root(), ctx.env())), new RecordScrub());
            String trace = ctx.env().get("ORUN_TRACE_LOCK");
            if (trace != null) {
                store.traceLocks(trace, command == null ? "orun" : command.replaceFirst("^orun ", ""));
            }
        }
        return store;
    }

    /** The record-text scrubber of orun.yaml's scrub section, built at the store's first write (a class: no lambda on run show's path). */
    private final class RecordScrub implements java.util.function.Supplier<java.util.function.UnaryOperator<String>> {
        @Override
        public java.util.function.UnaryOperator<String> get() {
            dev.orun.scrub.PiiScrubber pii = dev.orun.scrub.ScrubSettings.forRecords(paths(), schemas(), ctx.env());
            return pii.active() ? pii : RunStore.NO_SCRUB; // the scrubber itself, not pii::scrub: no lambda on a write
        }
    }

    public WorkflowCatalog workflows() {
        return new WorkflowCatalog(paths(), schemas());
    }

    public RunService runs() {
        return new RunService(store(), workflows(), ctx.clock());
    }

    public GateService gates() {
        return gates(false);
    }

    /** With {@code offline}, network checks are not made (as with ORUN_OFFLINE=1): they say so in a warning. */
    public GateService gates(boolean offline) {
        Map<String, String> env = ctx.env();
        if (offline) {
            env = new HashMap<>(env);
            env.put("ORUN_OFFLINE", "1");
        }
        return new GateService(store(), workflows(), schemas(), ctx.clock(), env);
    }

    public AgentRunner agents(GateService gates) {
        return new AgentRunner(store(), workflows(), gates, ctx.clock(), ctx.env());
    }

    public AgentRunner agents() {
        return agents(gates());
    }

    /** The model agents; {@code progress} shows a model call's rounds on the writer it is given. */
    public AgentGate agentGate(GateService gates, AgentRunner runner, Function<Writer, AgentProgress> progress) {
        Map<String, String> env = DotEnv.merged(paths().root(), ctx.env());
        return new AgentGate(store(), workflows(), gates, runner, RoutingTable.load(paths(), schemas()),
                PriceTable.load(paths(), schemas()), new Providers(env, ctx.sleeper(), ctx.clock()), env, ctx.clock(), progress);
    }

    /** The PRD-to-pack service; {@code version} is recorded as the tool that made the pack. */
    public PlanService plans(String version) {
        Map<String, String> env = DotEnv.merged(paths().root(), ctx.env());
        return new PlanService(store(), schemas(), new Providers(env, Sleeper.REAL, ctx.clock()), env, ctx.clock(), version);
    }

    public Pipeline pipeline(Function<Writer, AgentProgress> progress) {
        GateService gates = gates();
        AgentRunner runner = agents(gates);
        return new Pipeline(store(), workflows(), runs(), gates, runner, ctx.clock(), agentGate(gates, runner, progress));
    }
}
