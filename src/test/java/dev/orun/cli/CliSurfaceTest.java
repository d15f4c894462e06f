package dev.orun.cli;

import dev.orun.cli.OrunCli.Result;
import dev.orun.cli.support.CliContext;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user reads: help summaries, --json on every command, the README's command table. */
class CliSurfaceTest {
    @Test
    void the_readme_exit_code_table_is_the_exit_enum() throws java.io.IOException {
        StringBuilder want = new StringBuilder("| code | meaning |\n|---|---|\n");
        for (dev.orun.error.Exit e : dev.orun.error.Exit.values()) {
            want.append("| ").append(e.code()).append(" | ").append(e.meaning()).append(" |\n");
        }
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        org.junit.jupiter.api.Assertions.assertTrue(readme.contains("## Exit codes\n\n" + want),
                "README's exit-code table differs from dev.orun.error.Exit; it should read:\n" + want);
    }

    @TempDir
    Path repo;

    private static void walk(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(sub -> walk(sub, into));
    }

    private static List<CommandLine> allCommands() {
        CliContext ctx = CliContext.system();
        CommandLine root = Main.commandLine(ctx, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<CommandLine> all = new ArrayList<>();
        walk(root, all);
        return all;
    }

    @Test
    void every_command_summary_in_a_parent_help_is_a_whole_sentence() {
        List<String> cut = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            if (cl.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            String[] description = cl.getCommandSpec().usageMessage().description();
            String first = description.length == 0 ? "" : description[0].strip();
            if (!(first.endsWith(".") || first.endsWith(")"))) {
                cut.add(cl.getCommandSpec().qualifiedName() + ": '" + first + "'");
            }
        }
        assertEquals(List.of(), cut, "the first description line is what 'orun <parent> --help' shows");
    }

    @Test
    void every_leaf_command_takes_the_global_options() {
        List<String> missing = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            if (!cl.getSubcommands().isEmpty() || cl.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            for (String option : new String[]{"--json", "--verbose", "--root", "--lock-timeout"}) {
                if (cl.getCommandSpec().findOption(option) == null) {
                    missing.add(cl.getCommandSpec().qualifiedName() + " " + option);
                }
            }
        }
        assertEquals(List.of(), missing, "README: every command takes --json, --verbose, --root and --lock-timeout");
    }

    @Test
    void every_leaf_command_help_lists_the_exit_codes() {
        List<String> missing = new ArrayList<>();
        for (CommandLine cl : allCommands()) {
            if (!cl.getSubcommands().isEmpty() || cl.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (!help.contains("Exit codes") || !help.contains("10 paused")) {
                missing.add(cl.getCommandSpec().qualifiedName());
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void the_gate_group_summary_names_each_of_its_commands() {
        CommandLine gate = allCommands().stream().filter(c -> c.getCommandSpec().qualifiedName().equals("orun gate"))
                .findFirst().orElseThrow();
        String summary = String.join(" ", gate.getCommandSpec().usageMessage().description()).toLowerCase(java.util.Locale.ROOT);
        List<String> unnamed = new ArrayList<>();
        gate.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && !summary.matches("(?s).*\\b" + java.util.regex.Pattern.quote(name) + "\\b.*")) {
                unnamed.add(name);
            }
        });
        assertTrue(gate.getSubcommands().size() >= 4, gate.getSubcommands().keySet().toString());
        assertEquals(List.of(), unnamed, "orun gate's summary: " + summary);
    }

    @Test
    void completion_with_json_prints_one_document_holding_the_script() {
        OrunCli cli = new OrunCli(repo);
        Result r = cli.run("completion", "bash", "--json").assertExit(0);
        JsonNode doc = Json.LENIENT.readTree(r.out());
        assertEquals("bash", doc.path("shell").asString());
        assertTrue(doc.path("script").asString().contains("complete -F"), r.describe());
    }

    @Test
    void pipeline_output_starts_with_the_first_gate_and_sets_off_the_next_with_a_blank_line() {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        Result r = cli.run("run", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0);
        assertTrue(r.out().startsWith("== G1 Greeting written  attempt 1  agent greeter\n"), r.describe());
        assertTrue(r.out().contains(".json\n\n== G2 Summary written"), r.describe());
    }

    @Test
    void orun_without_a_command_lists_the_commands_but_not_the_hidden_one() {
        Result r = new OrunCli(repo).run().assertExit(2);
        assertTrue(r.err().contains("init, run, gate"), r.describe());
        assertTrue(!r.err().contains("__cds-train"), r.describe());
    }
}
