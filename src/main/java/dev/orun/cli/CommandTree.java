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
                .add("agent", of(AgentCommand.class)
                        .add("execute", AgentExecuteCommand.class)
                        .add("config", AgentConfigCommand.class)
                        .add("list", AgentListCommand.class))
                .add("invocation", of(InvocationCommand.class)
                        .add("record", InvocationRecordCommand.class))
                .add("contracts", of(ContractsCommand.class)
                        .add("check", ContractsCheckCommand.class)
                        .add("test", ContractsTestCommand.class))
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
                .add("help", HelpCommand.class)
                .add("__complete", CompleteCommand.class)
                .add("__cds-train", CdsTrainCommand.class);
    }

    /** Adds to {@code cl} the subcommands the arguments reach, level by level (all of them for help, completion and __cds-train). */
    void attach(CommandLine cl, CommandLine.IFactory factory, List<String> args) {
        if (children.isEmpty()) {
            return;
        }
        String next = firstWord(args);
        CommandTree chosen = next == null ? null : children.get(next);
        // help, the completion script and class-data training read the whole tree (class literals here, not in a static
        // field, which would load those classes at every start)
        if (chosen != null && chosen.command != HelpCommand.class && chosen.command != CompletionCommand.class
                && chosen.command != CdsTrainCommand.class) {
            CommandLine sub = new CommandLine(chosen.command, factory);
            cl.addSubcommand(next, sub);
            HelpText.apply(sub);
            chosen.attach(sub, factory, after(args, next));
        } else {
            for (Map.Entry<String, CommandTree> e : children.entrySet()) {
                CommandLine sub = new CommandLine(e.getValue().command, factory);
                cl.addSubcommand(e.getKey(), sub);
                HelpText.apply(sub);
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

    /**
     * Global options anywhere: moves {@code --json}, {@code -v}/{@code --verbose}, {@code --root DIR} and
     * {@code --lock-timeout D} that come before or between the command's words ({@code orun --root DIR run list},
     * {@code orun run --json show ID}) to just after them, where every command takes them. Arguments after {@code --}
     * are never touched. Returns {@code args} itself when nothing moves.
     */
    static String[] hoistGlobalOptions(String[] args) {
        if (args.length < 2 || (!args[0].startsWith("-") && !hasGlobalBeforeLastWord(args))) {
            return args;
        }
        CommandTree node = orun();
        List<String> path = new ArrayList<>();
        List<String> globals = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("--json") || a.equals("-v") || a.equals("--verbose")
                    || a.startsWith("--root=") || a.startsWith("--lock-timeout=")) {
                globals.add(a);
                i++;
            } else if ((a.equals("--root") || a.equals("--lock-timeout")) && i + 1 < args.length) {
                globals.add(a);
                globals.add(args[i + 1]);
                i += 2;
            } else if (!a.startsWith("-") && node.children.containsKey(a)) {
                path.add(a);
                node = node.children.get(a);
                i++;
            } else {
                break;
            }
        }
        if (globals.isEmpty() || path.isEmpty()) {
            return args;
        }
        List<String> out = new ArrayList<>(path);
        out.addAll(globals);
        out.addAll(List.of(args).subList(i, args.length));
        return out.toArray(String[]::new);
    }

    /** Whether a global flag sits between two command words ({@code run --json list}): cheap, no tree built. */
    private static boolean hasGlobalBeforeLastWord(String[] args) {
        boolean flag = false;
        for (int i = 1; i < args.length && !args[i].equals("--"); i++) {
            String a = args[i];
            if (a.equals("--json") || a.equals("-v") || a.equals("--verbose") || a.equals("--root") || a.equals("--lock-timeout")
                    || a.startsWith("--root=") || a.startsWith("--lock-timeout=")) {
                flag = true;
            } else if (flag && !a.startsWith("-") && GROUP_WORDS.contains(a) && !args[i - 1].equals("--root")
                    && !args[i - 1].equals("--lock-timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The subcommand names of the command groups (for {@link #hasGlobalBeforeLastWord}). */
    private static final java.util.Set<String> GROUP_WORDS = java.util.Set.of("start", "list", "show", "resume", "replay",
            "complete", "verify", "finish", "fail", "exec", "record", "check", "import", "sync", "prune");

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
