package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.cli.support.VersionProvider;
import dev.orun.serve.OrunServer;
import dev.orun.serve.ServeContext;
import dev.orun.store.DotEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code orun serve}: the runs API and the gate page over this repository's runs, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the runs API (/runs, described by contracts/serve-api.openapi.json) and the gate page (/ui).",
                "Writes need 'Authorization: Bearer' with PASS_API_TOKEN (or ORUN_API_TOKEN); reads are open from loopback.",
                "Every write goes through the same services and run lock as the CLI. Runs until stopped (Ctrl-C)."})
public final class ServeCommand implements Callable<Integer> {
    private final Services services;

    public ServeCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3001", description = "Listen on PORT (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Listen on ADDRESS (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface: reads then need the token too).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw dev.orun.error.OrunException.usage("--port " + port + " is not a port: use 0 to 65535");
        }
        ServeContext ctx = new ServeContext(services.store(), services.workflows(), services.schemas(), services.ctx().clock(),
                DotEnv.merged(services.paths().root(), services.ctx().env()), VersionProvider.VERSION);
        CountDownLatch stopped = new CountDownLatch(1);
        OrunServer server = OrunServer.start(ctx, bind, port, line -> {
            global.err().println(line);
            global.err().flush();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "orun-serve-stop"));
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        global.out().println("orun serve: http://" + host + ":" + server.port() + "  (API /runs, gate page /ui; writes need "
                + server.tokenVariable() + "; Ctrl-C to stop)");
        global.out().flush();
        stopped.await();
        return 0;
    }
}
