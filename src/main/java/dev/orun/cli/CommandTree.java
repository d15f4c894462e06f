package dev.orun.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * orun's command tree. Building a picocli model costs reflection per command, so {@link #attach} adds only
 * the branch the arguments name (all of a level when they name none, e.g. for --help): `orun run show`
 * never builds the model of `orun plan`.
 */
final class CommandTree {
    private final Class<?> command;
    private final Map<String, CommandTree> children = new LinkedHashMap<>();

    private CommandTree(Class<?> command) {
        this.command = command;
    }

    static CommandTree of(Class<?> command) {
        return new CommandTree(command);
    }

    CommandTree add(String name, CommandTree child) {
        children.put(name, child);
        return this;
    }

    CommandTree add(String name, Class<?> leaf) {
        return add(name, new CommandTree(leaf));
    }

    Class<?> command() {
        return command;
    }

    Map<String, CommandTree> children() {
        return children;
    }

    /** The full tree of orun's commands. */
    static CommandTree orun() {
        return of(OrunCommand.class)
                .add("init", InitCommand.class)
                .add("run", of(RunCommand.class)
                        .add("start", RunStartCommand.class)
                        .add("list", RunListCommand.class)
                        .add("show", RunShowCommand.class)
                        .add("resume", RunResumeCommand.class)
                        .add("replay", RunReplayCommand.class)
                        .add("complete", RunCompleteCommand.class)
                        .add("verify", RunVerifyCommand.class)
                        .add("export", RunExportCommand.class))
                .add("gate", of(GateCommand.class)
                        .add("start", GateStartCommand.class)
                        .add("finish", GateFinishCommand.class)
                        .add("fail", GateFailCommand.class)
                        .add("exec", GateExecCommand.class))
                .add("invocation", of(InvocationCommand.class)
                        .add("record", InvocationRecordCommand.class))
                .add("contracts", of(ContractsCommand.class)
                        .add("check", ContractsCheckCommand.class))
                .add("plan", of(PlanCommand.class)
                        .add("import", PlanImportCommand.class)
                        .add("resume", PlanResumeCommand.class))
                .add("issues", of(IssuesCommand.class)
                        .add("sync", IssuesSyncCommand.class))
                .add("logs", of(LogsCommand.class)
                        .add("prune", LogsPruneCommand.class))
                .add("serve", ServeCommand.class)
                .add("dispatch", DispatchCommand.class)
                .add("ps", PsCommand.class)
                .add("kill", KillCommand.class)
                .add("watch", WatchCommand.class)
                .add("stats", StatsCommand.class)
                .add("completion", CompletionCommand.class)
                .add("__cds-train", CdsTrainCommand.class);
    }

    /** Adds to {@code cl} the subcommands the arguments reach, level by level. */
    void attach(CommandLine cl, CommandLine.IFactory factory, List<String> args) {
        if (children.isEmpty()) {
            return;
        }
        String next = firstWord(args);
        CommandTree chosen = next == null ? null : children.get(next);
        if (chosen != null) {
            CommandLine sub = new CommandLine(chosen.command, factory);
            cl.addSubcommand(next, sub);
            chosen.attach(sub, factory, after(args, next));
        } else {
            for (Map.Entry<String, CommandTree> e : children.entrySet()) {
                CommandLine sub = new CommandLine(e.getValue().command, factory);
                cl.addSubcommand(e.getKey(), sub);
                e.getValue().attach(sub, factory, List.of());
            }
        }
    }

    /** Every command path, for completion scripts and man pages. */
    List<String> paths(String prefix) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, CommandTree> e : children.entrySet()) {
            String p = prefix.isEmpty() ? e.getKey() : prefix + " " + e.getKey();
            out.add(p);
            out.addAll(e.getValue().paths(p));
        }
        return out;
    }

    private static String firstWord(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    private static List<String> after(List<String> args, String word) {
        int i = args.indexOf(word);
        return args.subList(i + 1, args.size());
    }
}
