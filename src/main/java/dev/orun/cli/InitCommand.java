package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.store.RootLocator;
import dev.orun.store.Scaffolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code orun init}: scaffold orchestration/ and the .gitignore rules. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write orchestration/ (the hello and visual-essay workflows, their contracts and prompts) "
                + "and the .gitignore rules. Never overwrites a file; running it twice changes nothing.")
public final class InitCommand implements Runnable {
    private final Services services;

    public InitCommand(Services services) {
        this.services = services;
    }

    @Mixin
    GlobalOptions global;

    @Option(names = "--github-actions", description = "Also write .github/workflows/orun-*.yml: planner, implementation, gate runner and check (see docs/serve.md).")
    boolean githubActions;

    @Override
    public void run() {
        Path root = RootLocator.initRoot(services.explicitRoot(), services.ctx().env(), services.ctx().cwd());
        Scaffolder.Result r = new Scaffolder().init(root);
        if (githubActions) {
            var actions = new dev.orun.actions.GitHubActionsScaffold().write(root);
            r = new Scaffolder.Result(concat(r.created(), actions.created()), concat(r.kept(), actions.kept()), r.gitignoreChanged());
        }
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("root", root.toString());
            doc.put("created", r.created());
            doc.put("kept", r.kept());
            doc.put("gitignore_changed", r.gitignoreChanged());
            global.printJson(doc);
            return;
        }
        r.created().forEach(f -> global.out().println("created " + f));
        if (!r.kept().isEmpty()) {
            global.out().println("kept " + r.kept().size() + " existing file(s) unchanged");
        }
        global.out().println(r.gitignoreChanged() ? "updated .gitignore" : ".gitignore already has orun's rules");
        global.out().println("next: orun run hello --slug demo --artifact-path out/demo");
    }

    private static java.util.List<String> concat(java.util.List<String> a, java.util.List<String> b) {
        java.util.List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
