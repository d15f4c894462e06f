package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code orun __complete runs|workflows} (hidden): the names the completion script offers, one a line. Runs: every
 * id and its 6-character suffix (which {@code --run} takes too). Prints nothing when there is no repository.
 */
@Command(name = "__complete", hidden = true, description = "Names for shell completion: runs (ids and short ids) or workflows.")
public final class CompleteCommand implements Runnable {
    private final Services services;

    public CompleteCommand(Services services) {
        this.services = services;
    }

    enum What { runs, workflows }

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "WHAT", description = "runs or workflows.")
    What what;

    @Override
    public void run() {
        PrintWriter out = global.out();
        try {
            if (what == What.workflows) {
                services.workflows().names().forEach(out::println);
            } else {
                for (String id : services.store().runIds()) {
                    out.println(id);
                    out.println(id.substring(id.length() - 6));
                }
            }
        } catch (RuntimeException e) {
            // no repository, or an unreadable folder: nothing to offer
        }
        out.flush();
    }
}
