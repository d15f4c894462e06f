package dev.orun.cli;

import dev.orun.text.Suggest;
import picocli.CommandLine;
import dev.orun.cli.support.GlobalOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

/** {@code orun help [COMMAND]...}: the usage of orun or of one of its commands, e.g. {@code orun help run list}. */
@Command(name = "help", helpCommand = true, description = "Print the usage of orun or of a command, e.g. 'orun help run list'.")
public final class HelpCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Taken (and ignored) so that 'orun help --json' parses like every command. */
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. run list.")
    List<String> words = new ArrayList<>();

    @Override
    public void run() {
        CommandLine cl = spec.parent().commandLine();
        for (String w : words) {
            CommandLine sub = cl.getSubcommands().get(w);
            if (sub == null) {
                String near = Suggest.near(w, cl.getSubcommands().keySet());
                throw new ParameterException(spec.commandLine(), "unknown command '" + w + "' in '"
                        + cl.getCommandSpec().qualifiedName() + "'" + (near == null ? ": choose one of " + cl.getSubcommands().keySet()
                        : ": did you mean '" + cl.getCommandSpec().qualifiedName() + " " + near + "'?"));
            }
            cl = sub;
        }
        cl.usage(spec.commandLine().getOut());
    }
}
