package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.cli.support.OrunFactory;
import dev.orun.store.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Build-time generator of the {@code orun(1)} man page (roff), from the same picocli model the CLI runs on,
 * so the manual cannot drift from the options. Run by the build: {@code target/man/orun.1}.
 */
public final class ManPage {
    private static final java.util.Set<String> GLOBAL = java.util.Set.of("--json", "--verbose", "--root", "--lock-timeout");

    private ManPage() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/man").resolve("orun.1");
        AtomicFiles.write(out, render().getBytes(StandardCharsets.UTF_8));
    }

    static String render() {
        OrunFactory factory = new OrunFactory(CliContext.system());
        CommandLine root = new CommandLine(OrunCommand.class, factory);
        CommandTree.orun().attach(root, factory, List.of());
        String version = root.getCommandSpec().version().length > 0 ? root.getCommandSpec().version()[0] : "orun";
        StringBuilder sb = new StringBuilder();
        sb.append(".TH ORUN 1 \"\" \"").append(esc(version)).append("\" \"orun manual\"\n");
        sb.append(".SH NAME\norun \\- ").append(esc(String.join(" ", root.getCommandSpec().usageMessage().description()))).append('\n');
        sb.append(".SH SYNOPSIS\n.B orun\n[\\fB\\-hV\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        sb.append(".SH DESCRIPTION\n");
        sb.append("Every command takes \\fB\\-\\-json\\fR (one JSON document on stdout), \\fB\\-\\-verbose\\fR, ")
                .append("\\fB\\-\\-root\\fR \\fIDIR\\fR and \\fB\\-\\-lock\\-timeout\\fR \\fIDURATION\\fR.\n");
        sb.append(".SH COMMANDS\n");
        commands(sb, root, "orun");
        sb.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> e : Main.exitCodes().entrySet()) {
            sb.append(".TP\n.B ").append(e.getKey().strip()).append('\n').append(esc(e.getValue())).append('\n');
        }
        sb.append(".SH ENVIRONMENT\n");
        for (String[] v : new String[][] {{"ORUN_ROOT", "the repository root (as --root)"},
                {"ORUN_RUNS_DIR", "the runs folder, relative to the root"}, {"CI", "true: never wait for a person"},
                {"NO_COLOR", "no colour in output"}}) {
            sb.append(".TP\n.B ").append(v[0]).append('\n').append(esc(v[1])).append('\n');
        }
        sb.append(".SH SEE ALSO\nREADME.md and contracts/*.schema.json in the orun repository.\n");
        return sb.toString();
    }

    private static void commands(StringBuilder sb, CommandLine cl, String path) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandSpec spec = e.getValue().getCommandSpec();
            if (spec.usageMessage().hidden()) {
                continue;
            }
            String name = path + " " + e.getKey();
            if (spec.subcommands().isEmpty()) {
                sb.append(".SS ").append(esc(name.substring(5))).append('\n');
                sb.append(esc(String.join(" ", spec.usageMessage().description()))).append('\n');
                for (PositionalParamSpec p : spec.positionalParameters()) {
                    sb.append(".TP\n.I ").append(esc(p.paramLabel())).append('\n')
                            .append(esc(String.join(" ", p.description()))).append('\n');
                }
                for (OptionSpec o : spec.options()) {
                    if (o.hidden() || o.usageHelp() || o.versionHelp() || GLOBAL.contains(o.longestName())) {
                        continue;
                    }
                    sb.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
                    if (o.arity().max() > 0) {
                        sb.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
                    }
                    sb.append('\n').append(esc(String.join(" ", o.description()).replace("${DEFAULT-VALUE}",
                            String.valueOf(o.defaultValue())))).append('\n');
                }
            }
            commands(sb, e.getValue(), name);
        }
    }

    private static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
