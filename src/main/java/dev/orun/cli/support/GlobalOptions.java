package dev.orun.cli.support;

import dev.orun.run.Durations;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunPaths;
import dev.orun.store.RootLocator;
import dev.orun.store.RunStore;
import dev.orun.workflow.RunService;
import dev.orun.workflow.WorkflowCatalog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Options every command takes (--json, --verbose, --root, --lock-timeout), and the services a command
 * needs, built lazily from them so a command pays only for what it uses.
 */
public final class GlobalOptions {
    private final CliContext ctx;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--json", description = "Print one JSON document on stdout and nothing else.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = "--root", paramLabel = "DIR", description = "Use DIR as the repository root (default: nearest folder upward with orchestration/; or ORUN_ROOT).")
    Path root;

    /** {@code --lock-timeout} when not given. */
    public static final String DEFAULT_LOCK_TIMEOUT = "30s";

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = DEFAULT_LOCK_TIMEOUT,
            description = "Wait at most this long for another process's lock on a run (default: ${DEFAULT-VALUE}).")
    String lockTimeout = DEFAULT_LOCK_TIMEOUT;

    private PrintWriter directOut;
    private PrintWriter directErr;
    private OrunPaths paths;
    private SchemaValidator schemas;
    private RunStore store;

    public GlobalOptions(CliContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Options set without picocli, printing to {@code out} and {@code err}: for the fast path of the everyday
     * read-only commands ({@code dev.orun.cli.FastPath}). A null {@code lockTimeout} is the default.
     */
    public static GlobalOptions direct(CliContext ctx, PrintWriter out, PrintWriter err, boolean json, Path root,
                                       String lockTimeout) {
        GlobalOptions o = new GlobalOptions(ctx);
        o.directOut = out;
        o.directErr = err;
        o.json = json;
        o.root = root;
        if (lockTimeout != null) {
            o.lockTimeout = lockTimeout;
        }
        return o;
    }

    public CliContext ctx() {
        return ctx;
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    public PrintWriter out() {
        return directOut != null ? directOut : mixee.commandLine().getOut();
    }

    public PrintWriter err() {
        return directErr != null ? directErr : mixee.commandLine().getErr();
    }

    /** Prints {@code value} as the command's one JSON document. */
    public void printJson(Object value) {
        out().print(Json.pretty(value));
        out().flush();
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

    public SchemaValidator schemas() {
        if (schemas == null) {
            schemas = new SchemaValidator();
        }
        return schemas;
    }

    public RunStore store() {
        if (store == null) {
            store = new RunStore(paths(), schemas(), lockTimeout(), ctx.clock(),
                    dev.orun.http.Secrets.fromEnvironment(dev.orun.store.DotEnv.merged(paths().root(), ctx.env())), new RecordScrub());
            String trace = ctx.env().get("ORUN_TRACE_LOCK");
            if (trace != null) {
                String name = mixee == null ? "run show" : mixee.qualifiedName().replaceFirst("^orun ", "");
                store.traceLocks(trace, name);
            }
        }
        return store;
    }

    /** The record-text scrubber of orun.yaml's scrub section, built at the store's first write (a class: no lambda on run show's path). */
    private final class RecordScrub implements java.util.function.Supplier<java.util.function.UnaryOperator<String>> {
        @Override
        public java.util.function.UnaryOperator<String> get() {
            dev.orun.scrub.PiiScrubber pii = dev.orun.scrub.ScrubSettings.forRecords(paths(), schemas(), ctx.env());
            return pii.active() ? pii::scrub : RunStore.NO_SCRUB;
        }
    }

    public WorkflowCatalog workflows() {
        return new WorkflowCatalog(paths(), schemas());
    }

    public RunService runs() {
        return new RunService(store(), workflows(), ctx.clock());
    }
}
