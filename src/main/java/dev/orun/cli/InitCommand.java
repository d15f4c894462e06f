package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
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
    @Mixin
    GlobalOptions o;

    @Option(names = "--github-actions", description = "Also write .github/workflows/orun-*.yml: planner, implementation, gate runner and check (see docs/serve.md).")
    boolean githubActions;

    @Override
    public void run() {
        Path root = RootLocator.initRoot(o.explicitRoot(), o.ctx().env(), o.ctx().cwd());
        Scaffolder.Result r = new Scaffolder().init(root);
        if (githubActions) {
            var actions = new dev.orun.actions.GitHubActionsScaffold().write(root);
            r = new Scaffolder.Result(concat(r.created(), actions.created()), concat(r.kept(), actions.kept()), r.gitignoreChanged());
        }
        if (o.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("root", root.toString());
            doc.put("created", r.created());
            doc.put("kept", r.kept());
            doc.put("gitignore_changed", r.gitignoreChanged());
            o.printJson(doc);
            return;
        }
        r.created().forEach(f -> o.out().println("created " + f));
        if (!r.kept().isEmpty()) {
            o.out().println("kept " + r.kept().size() + " existing file(s) unchanged");
        }
        o.out().println(r.gitignoreChanged() ? "updated .gitignore" : ".gitignore already has orun's rules");
        o.out().println("next: orun run hello --slug demo --artifact-path out/demo");
    }

    private static java.util.List<String> concat(java.util.List<String> a, java.util.List<String> b) {
        java.util.List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
