package dev.orun.scrub;

import dev.orun.cli.OrunCli;
import dev.orun.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PII and secret scrubbing of agents' output logs, on planted addresses and keys. */
class ScrubTest {
    @TempDir
    Path dir;

    private static final String ANTHROPIC = "sk-ant-api03-" + "Zx9".repeat(12);
    private static final String GITHUB = "ghp_" + "aB3".repeat(12);
    private static final String AWS = "AKIA" + "IOSFODNN7EXAMPLE";

    /**
     * A built-in rule's pattern is tried only on a text its hint says may hold a match: every text the pattern
     * matches must pass the hint, or a secret would stay in a record. Random texts of the tokens the patterns are
     * made of; each rule must have matched often, so that the test cannot pass on texts none of them match.
     */
    @Test
    void every_text_a_built_in_pattern_matches_passes_its_hint() {
        List<PiiScrubber.Rule> rules = new java.util.ArrayList<>(List.of(PiiScrubber.EMAIL, PiiScrubber.PHONE));
        rules.addAll(PiiScrubber.SECRETS);
        String[] tokens = {"sk-ant-", "sk-", "proj-", "svcacct-", "gh", "p", "o", "u", "s", "r", "_", "github_pat_", "AKIA",
                "ASIA", "xox", "b-", "AIza", "Bearer ", "bEaReR ", "bearer", " ", "-----BEGIN ", "RSA PRIVATE KEY-----",
                "-----END ", "@", ".", "-", "+", "(", ")", "12", "123", "4567", "0", "abcdefghijklmnopqrstuvwxyz0123456789",
                "ABCDEFGHIJKLMNOPQRST", "Zx9Zx9Zx9Zx9", "co", "\n", "é", "%", "415-", "555-", "555.", "0100",
                "(020) ", "7946 ", "0958 ", "+1 ", " 12 ", "IOSFODNN7EXAMPLE", "AKIAIOSF"};
        java.util.Random random = new java.util.Random(20261202L);
        int[] matched = new int[rules.size()];
        for (int n = 0; n < 60_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 1 + random.nextInt(14); k > 0; k--) {
                sb.append(tokens[random.nextInt(tokens.length)]);
            }
            String text = sb.toString();
            for (int r = 0; r < rules.size(); r++) {
                PiiScrubber.Rule rule = rules.get(r);
                if (rule.pattern().matcher(text).find()) {
                    matched[r]++;
                    assertTrue(rule.mayMatch(text), rule.name() + "'s hint refused a text its pattern matches: " + text);
                }
            }
        }
        for (int r = 0; r < rules.size(); r++) {
            assertTrue(matched[r] >= 20, rules.get(r).name() + " matched only " + matched[r] + " texts");
        }
        assertFalse(PiiScrubber.EMAIL.mayMatch("no address here"), "a hint that always holds tests nothing");
        assertFalse(PiiScrubber.PHONE.mayMatch("2026-12-01T10:20:30.123Z v1.2.3 127.0.0.1 1234567"));
    }

    @Test
    void the_scrubber_replaces_planted_addresses_numbers_and_keys_and_leaves_ordinary_text() {
        PiiScrubber s = new PiiScrubber(new java.util.ArrayList<>(List.of(PiiScrubber.EMAIL, PiiScrubber.PHONE)) {{
            addAll(PiiScrubber.SECRETS);
        }}, ScrubSettings.secretValues(Map.of("MY_API_KEY", "hunter2-but-longer", "PATH", "/usr/bin:/bin")));
        String text = "mail jane.doe+x@example.co.uk or call +1 415-555-0100 / (020) 7946 0958; key " + ANTHROPIC
                + " gh " + GITHUB + " aws " + AWS + " Authorization: Bearer abcdefghijklmnop0123 env hunter2-but-longer\n"
                + "kept: 2026-12-01T10:20:30.123Z v1.2.3 127.0.0.1 run_20260121T145214945Z_x_zb5rja 1234567 exit 143 /usr/bin";
        String out = s.scrub(text);
        for (String gone : List.of("jane.doe", "415-555-0100", "7946 0958", ANTHROPIC, GITHUB, AWS, "abcdefghijklmnop0123", "hunter2")) {
            assertFalse(out.contains(gone), gone + " in: " + out);
        }
        for (String kind : List.of("email", "phone", "anthropic-key", "github-token", "aws-access-key", "bearer-token", "secret")) {
            assertTrue(out.contains("[REDACTED:" + kind + "]"), kind + " in: " + out);
        }
        assertTrue(out.endsWith("kept: 2026-12-01T10:20:30.123Z v1.2.3 127.0.0.1 run_20260121T145214945Z_x_zb5rja 1234567 exit 143 /usr/bin"), out);
    }

    @Test
    void an_agents_output_log_is_scrubbed_by_default_even_across_writes_while_the_terminal_sees_it_as_is() throws Exception {
        // Agents get no secret-named variable unless ORUN_PASS_ENV names it (issue 12): this one is passed on purpose.
        OrunCli cli = OrunCli.initialisedRepo(dir).env("DEPLOY_TOKEN", "tok-1234567890-planted").env("ORUN_PASS_ENV", "DEPLOY_TOKEN");
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        OrunCli.Result r = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "writer", "--no-finish", "--",
                "sh", "-c", "echo contact ops@example.com; printf 'split bob@exa'; sleep 0.3; printf 'mple.org done\\n'; "
                        + "echo key " + ANTHROPIC + "; echo token $DEPLOY_TOKEN; echo 'date 2026-12-01'; printf 'no newline +44 20 7946 0958'")
                .assertExit(0);
        assertTrue(r.out().contains("ops@example.com"), "the terminal is the user's own: " + r.describe());
        String log = invocationLog(id);
        assertFalse(log.contains("ops@example.com") || log.contains("bob@exa") || log.contains(ANTHROPIC)
                || log.contains("tok-1234567890-planted") || log.contains("7946"), log);
        assertTrue(log.contains("contact [REDACTED:email]"), log);
        assertTrue(log.contains("split [REDACTED:email] done"), log);
        assertTrue(log.contains("key [REDACTED:anthropic-key]"), log);
        assertTrue(log.contains("token [REDACTED:secret]"), log);
        assertTrue(log.contains("date 2026-12-01"), log);
        assertTrue(log.endsWith("no newline [REDACTED:phone]"), log);
    }

    @Test
    void orun_yaml_turns_scrubbing_off_or_adds_patterns_and_a_bad_pattern_is_exit_4_naming_it() throws Exception {
        OrunCli cli = OrunCli.initialisedRepo(dir);
        Path yaml = dir.resolve("orchestration/orun.yaml");
        Files.writeString(yaml, "scrub:\n  phone: false\n  patterns:\n    - name: ticket\n      regex: 'CASE-[0-9]{4}'\n");
        String id = cli.run("run", "start", "--workflow", "hello", "--slug", "demo", "--artifact-path", "out/demo").assertExit(0).lastLine();
        cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "w", "--no-finish", "--",
                "sh", "-c", "echo CASE-1234 a@b.io 020 7946 0958").assertExit(0);
        assertEquals("[REDACTED:ticket] [REDACTED:email] 020 7946 0958\n", invocationLog(id));

        Files.writeString(yaml, "scrub:\n  logs: false\n");
        cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "w", "--no-finish", "--", "sh", "-c", "echo a@b.io").assertExit(0);
        assertTrue(invocationLog(id).contains("a@b.io\n"));

        Files.writeString(yaml, "scrub:\n  patterns:\n    - name: bad\n      regex: '(unclosed'\n");
        OrunCli.Result bad = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "w", "--no-finish", "--", "true").assertExit(4);
        assertTrue(bad.err().contains("orchestration/orun.yaml /scrub/patterns/0/regex"), bad.describe());

        Files.writeString(yaml, "scrub:\n  emails: true\n");
        OrunCli.Result unknown = cli.run("gate", "exec", "--run", id, "--gate", "G1", "--agent", "w", "--no-finish", "--", "true").assertExit(4);
        assertTrue(unknown.err().contains("orun.yaml") && unknown.err().contains("/scrub"), unknown.describe());
    }

    private String invocationLog(String id) throws Exception {
        JsonNode run = Json.STRICT.readTree(Files.readAllBytes(dir.resolve("orchestration/runs/" + id + "/record/RUN.json")));
        JsonNode invs = run.path("invocations");
        String inv = invs.get(invs.size() - 1).path("invocation_id").asString();
        return Files.readString(dir.resolve("orchestration/runs/" + id + "/logs/invocations/" + inv + "/output.log"));
    }
}
