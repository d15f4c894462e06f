package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, point 9: every --help has an example, no line break mid-sentence, and the exit codes from one table. */
class HelpTextTest {
    static List<CommandLine> all() {
        CommandLine root = Main.commandLine(CliContext.system(), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        List<CommandLine> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(CommandLine cl, List<CommandLine> out) {
        if (cl.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        out.add(cl);
        cl.getSubcommands().values().forEach(c -> walk(c, out));
    }

    @Test
    void every_help_has_an_example_that_fits_the_line() {
        List<String> missing = new ArrayList<>();
        for (CommandLine cl : all()) {
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            int at = help.indexOf("\nExample");
            if (at < 0) {
                missing.add(cl.getCommandSpec().qualifiedName());
                continue;
            }
            for (String line : help.substring(at + 1).lines().skip(1).takeWhile(l -> !l.isBlank()).toList()) {
                assertTrue(line.startsWith("  "), cl.getCommandSpec().qualifiedName() + ": an example line wrapped: '" + line + "'\n" + help);
            }
        }
        assertEquals(List.of(), missing, "commands whose --help has no example");
        // one example over two lines is one example
        String exec = all().stream().filter(c -> c.getCommandSpec().qualifiedName().equals("orun gate exec")).findFirst().orElseThrow()
                .getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(exec.contains("\nExample:\n  orun gate exec --run s3khbv --gate G1 --agent claude \\\n      -- claude -p {prompt_file}\n"), exec);
    }

    @Test
    void descriptions_are_a_summary_and_one_paragraph_and_leaves_name_the_exit_codes_once() {
        for (CommandLine cl : all()) {
            String name = cl.getCommandSpec().qualifiedName();
            assertTrue(cl.getCommandSpec().usageMessage().description().length <= 2, name + ": a description line per sentence part");
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (cl.getCommandSpec().parent() != null) {
                assertEquals(1, help.split("Exit codes:", -1).length - 1, name + "\n" + help);
                assertTrue(help.contains(HelpText.exitCodesLine().substring(0, 40))
                        || !cl.getCommandSpec().usageMessage().exitCodeList().isEmpty(), name + "\n" + help);
            } else {
                assertTrue(help.contains(" 10   paused: the pipeline waits for a person"), help);
            }
        }
    }

    /** An example in --help that orun would refuse teaches a mistake: each parses against the command model. */
    @Test
    void every_example_parses() {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (var e : HelpText.EXAMPLES.entrySet()) {
            List<String> lines = new ArrayList<>();
            for (String line : e.getValue()) {
                int last = lines.size() - 1;
                if (last >= 0 && lines.get(last).endsWith("\\")) {
                    lines.set(last, lines.get(last).substring(0, lines.get(last).length() - 1) + " " + line.strip());
                } else {
                    lines.add(line);
                }
            }
            for (String example : lines) {
                if (!example.startsWith("orun ")) {
                    continue; // eval "$(orun completion bash)"
                }
                List<String> words = words(example.substring("orun ".length()));
                CommandLine root = all().get(0);
                try {
                    root.parseArgs(words.toArray(String[]::new));
                    checked++;
                } catch (CommandLine.ParameterException ex) {
                    bad.add(e.getKey() + ": '" + example + "': " + ex.getMessage());
                }
            }
        }
        assertEquals(List.of(), bad, "examples that do not parse");
        assertTrue(checked > 40, "examples checked: " + checked);
    }

    /** Words as a shell splits them, for the examples' simple quoting ("..." only). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void the_exit_codes_line_lists_every_code_of_the_table() {
        for (dev.orun.error.Exit e : dev.orun.error.Exit.values()) {
            assertTrue(HelpText.exitCodesLine().contains(e.code() + " "), e.name());
        }
    }
}
