package dev.orun.cli;

import dev.orun.error.Exit;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every {@code --help} ends with, in one place: an example of the command, then the exit codes in one line
 * (from {@link Exit}, the one table, which {@code orun --help} prints whole). The description's sentences after
 * its summary line are joined into one paragraph, which picocli wraps to the terminal: no line breaks mid-sentence.
 */
final class HelpText {
    private HelpText() {
    }

    /** Examples by command (its qualified name). */
    static final Map<String, List<String>> EXAMPLES = Map.ofEntries(
            Map.entry("orun", List.of("orun init", "orun run hello --slug demo --artifact-path out/demo", "orun help run list")),
            Map.entry("orun init", List.of("orun init")),
            Map.entry("orun run", List.of("orun run hello --slug demo --artifact-path out/demo",
                    "orun run visual-essay --slug essay --artifact-path essays/x --depth deep")),
            Map.entry("orun run start", List.of("orun run start --workflow hello --slug demo --artifact-path out/demo")),
            Map.entry("orun run list", List.of("orun run list --status FAILED --since 7d", "orun run list --json --limit 5")),
            Map.entry("orun run show", List.of("orun run show s3khbv", "orun run show --run s3khbv --json")),
            Map.entry("orun run resume", List.of("orun run resume --run s3khbv")),
            Map.entry("orun run replay", List.of("orun run replay --run s3khbv")),
            Map.entry("orun run complete", List.of("orun run complete --run s3khbv --status CANCELED")),
            Map.entry("orun run verify", List.of("orun run verify --run s3khbv", "orun run verify --all --junit-xml verify.xml")),
            Map.entry("orun gate", List.of("orun gate start --run s3khbv --gate G1", "orun gate finish --run s3khbv --gate G1")),
            Map.entry("orun gate start", List.of("orun gate start --run s3khbv --gate G1 --agent alice")),
            Map.entry("orun gate finish", List.of("orun gate finish --run s3khbv --gate G1 --junit-xml gate.xml")),
            Map.entry("orun gate fail", List.of("orun gate fail --run s3khbv --gate G2 --reason \"sources are fabricated\"")),
            Map.entry("orun gate exec", List.of("orun gate exec --run s3khbv --gate G1 --agent claude \\",
                    "    -- claude -p {prompt_file}")),
            Map.entry("orun invocation", List.of("orun invocation record --run s3khbv --gate G1 --agent claude")),
            Map.entry("orun invocation record", List.of("orun invocation record --run s3khbv --gate G1 --agent claude \\",
                    "    --model claude-sonnet-4-6 --tokens-prompt 1200 --tokens-completion 300")),
            Map.entry("orun contracts", List.of("orun contracts check")),
            Map.entry("orun contracts check", List.of("orun contracts check", "orun contracts check --json")),
            Map.entry("orun contracts test", List.of("orun contracts test", "orun contracts test no-wrapper --junit-xml reports/fixtures.xml")),
            Map.entry("orun plan", List.of("orun plan --prd docs/example-prd.md --provider anthropic",
                    "orun plan --prd docs/example-prd.md --provider manual")),
            Map.entry("orun plan import", List.of("orun plan import --run s3khbv pack.json")),
            Map.entry("orun plan resume", List.of("orun plan resume --run s3khbv")),
            Map.entry("orun issues", List.of("orun issues sync --run s3khbv --dry-run")),
            Map.entry("orun issues sync", List.of("orun issues sync --run s3khbv --repo acme/app --dry-run")),
            Map.entry("orun logs", List.of("orun logs prune --keep 20 --dry-run")),
            Map.entry("orun logs prune", List.of("orun logs prune --keep 20 --older-than 30d --dry-run")),
            Map.entry("orun completion", List.of("eval \"$(orun completion bash)\"")),
            Map.entry("orun help", List.of("orun help run list")),
            Map.entry("orun run export", List.of("orun run export --run s3khbv --otlp trace.jsonl",
                    "orun run export --since 7d --otlp http://127.0.0.1:4318/v1/traces")),
            Map.entry("orun serve", List.of("orun serve --port 8080")),
            Map.entry("orun dispatch", List.of("orun dispatch planner --run s3khbv --repo acme/app")),
            Map.entry("orun ps", List.of("orun ps", "orun ps -a")),
            Map.entry("orun kill", List.of("orun kill --run s3khbv --reason \"stuck in a loop\"")),
            Map.entry("orun watch", List.of("orun watch --run s3khbv")),
            Map.entry("orun stats", List.of("orun stats --since 30d --workflow hello")),
            Map.entry("orun agent", List.of("orun agent execute --run s3khbv --gate G1", "orun agent list")),
            Map.entry("orun agent execute", List.of("orun agent execute --run s3khbv --gate G2")),
            Map.entry("orun agent config", List.of("orun agent config --gate G2 --workflow visual-essay")),
            Map.entry("orun agent list", List.of("orun agent list --workflow visual-essay")));

    /** Sets the footer (examples, exit codes) of {@code cl} and joins its description's paragraph. */
    static void apply(CommandLine cl) {
        UsageMessageSpec u = cl.getCommandSpec().usageMessage();
        if (u.hidden()) {
            return;
        }
        String[] d = u.description();
        if (d.length > 2) {
            u.description(d[0], String.join(" ", java.util.Arrays.asList(d).subList(1, d.length)));
        }
        List<String> footer = new ArrayList<>();
        List<String> examples = EXAMPLES.getOrDefault(cl.getCommandSpec().qualifiedName(), List.of());
        if (!examples.isEmpty()) {
            // a line ending in a backslash goes on on the next: one example
            long count = examples.stream().filter(e -> !e.endsWith("\\")).count();
            footer.add("%nExample" + (count == 1 ? "" : "s") + ":");
            // '%' and line breaks are picocli's format: an example is printed as written.
            examples.forEach(e -> footer.add("  " + e.replace("%", "%%")));
        }
        // The root prints the whole table (its exitCodeList); a command with codes of its own (plan) prints those.
        if (cl.getCommandSpec().parent() != null && u.exitCodeList().isEmpty()) {
            footer.add("%n" + exitCodesLine());
        }
        u.footer(footer.toArray(String[]::new));
    }

    /** "Exit codes: 0 done, 1 failed, …" from {@link Exit}. */
    static String exitCodesLine() {
        StringBuilder sb = new StringBuilder("Exit codes:");
        Exit[] all = Exit.values();
        for (int i = 0; i < all.length; i++) {
            sb.append(i == 0 ? " " : ", ").append(all[i].code()).append(' ').append(brief(all[i]));
        }
        return sb.append(" (the table: orun --help).").toString();
    }

    private static String brief(Exit e) {
        return switch (e) {
            case OK -> "done";
            case FAILED -> "failed";
            case USAGE -> "usage";
            case NOT_FOUND -> "not found";
            case INVALID -> "invalid input";
            case EXTERNAL -> "external service failed";
            case LOCKED -> "locked";
            case PAUSED -> "paused for a person";
        };
    }
}
