package dev.orun.cli;

import dev.orun.cli.support.Candidates;
import dev.orun.cli.support.GlobalOptions;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orun completion bash|zsh}: a shell completion script (picocli's AutoComplete). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a completion script: eval \"$(orun completion bash)\" in ~/.bashrc, or "
                + "eval \"$(orun completion zsh)\" in ~/.zshrc.")
public final class CompletionCommand implements Runnable {
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public void run() {
        CommandLine all = spec.root().commandLine(); // Main built the whole tree for this command
        // Workflows and runs are looked up when TAB is pressed, from the folder the shell is in.
        String script = AutoComplete.bash("orun", all)
                .replace("(\"" + Candidates.RUNS + "\")", "($(orun __complete runs 2>/dev/null))")
                .replace("\"" + Candidates.RUNS + "\"", "$(orun __complete runs 2>/dev/null)")
                .replace("(\"" + Candidates.WORKFLOWS + "\")", "($(orun __complete workflows 2>/dev/null))")
                .replace("\"" + Candidates.WORKFLOWS + "\"", "$(orun __complete workflows 2>/dev/null)");
        if (shell == Shell.zsh) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        if (global.json()) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("shell", shell.name());
            doc.put("script", script);
            global.printJson(doc);
            return;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
