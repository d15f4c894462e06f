package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.schema.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link FastPath} against picocli's command line: for every argument vector the fast path takes, the same
 * stdout, stderr and exit code as {@code Main.commandLine(...).execute}; for every vector it must decline,
 * DECLINED with nothing written, and {@code Main.run} then answers as picocli does.
 */
class FastPathTest {
    static final Path SEED_RUNS = Shared.compat("esy-runner/orchestration/runs");
    static final String LEGACY = "run_20260121T145214945Z_the-word-slang-typographic_ra3ksn";

    @TempDir
    static Path repo;

    /** A folder outside the repository, for --root. */
    @TempDir
    static Path elsewhere;

    static String old;      // PASSED, started 2025-12-01
    static String failed;   // FAILED through gate fail
    static String passed;   // PASSED through its two gates, with artifacts and an invocation
    static String running;  // RUNNING

    @BeforeAll
    static void repoWithRunsOfEveryKind() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        cli.clock(Clock.fixed(Instant.parse("2025-12-01T10:00:00Z"), ZoneOffset.UTC));
        old = cli.run("run", "start", "--workflow", "hello", "--slug", "old-alpha", "--artifact-path", "out/old").assertExit(0).lastLine();
        Files.createDirectories(repo.resolve("out/old"));
        Files.writeString(repo.resolve("out/old/GREETING.md"), "# Hello\n");
        Files.writeString(repo.resolve("out/old/SUMMARY.md"), "## Summary\n");
        for (String g : new String[]{"G1", "G2"}) {
            cli.run("gate", "start", "--run", old, "--gate", g).assertExit(0);
            cli.run("gate", "finish", "--run", old, "--gate", g).assertExit(0);
        }
        cli.run("run", "complete", "--run", old).assertExit(0);
        cli.clock(Clock.systemUTC());

        failed = cli.run("run", "start", "--workflow", "hello", "--slug", "beta", "--artifact-path", "out/beta").assertExit(0).lastLine();
        cli.run("gate", "start", "--run", failed, "--gate", "G1").assertExit(0);
        cli.run("gate", "fail", "--run", failed, "--gate", "G1", "--reason", "greeting is rude").assertExit(0);

        passed = cli.run("run", "start", "--workflow", "hello", "--slug", "delta", "--artifact-path", "out/delta").assertExit(0).lastLine();
        Files.createDirectories(repo.resolve("out/delta"));
        Files.writeString(repo.resolve("out/delta/GREETING.md"), "# Hello\n\nHello from orun.\n");
        Files.writeString(repo.resolve("out/delta/SUMMARY.md"), "## Summary\n\nAll good.\n");
        cli.run("invocation", "record", "--run", passed, "--gate", "G1", "--agent", "greeter", "--model", "m1",
                "--provider", "p1", "--tokens-prompt", "100", "--tokens-completion", "20", "--cost-usd", "0.25",
                "--duration-ms", "1500").assertExit(0);
        for (String g : new String[]{"G1", "G2"}) {
            cli.run("gate", "start", "--run", passed, "--gate", g).assertExit(0);
            cli.run("gate", "finish", "--run", passed, "--gate", g).assertExit(0);
        }
        cli.run("run", "complete", "--run", passed).assertExit(0);

        running = cli.run("run", "start", "--workflow", "hello", "--slug", "gamma", "--artifact-path", "out/gamma").assertExit(0).lastLine();

        // The seed's legacy records (Node runner), read-only; without ../shared their vectors are skipped.
        if (Shared.present(SEED_RUNS)) {
            OrunCli.copyTree(SEED_RUNS, repo.resolve("orchestration/runs"));
        }

        String statuses = cli.run("run", "list", "--json").assertExit(0).out();
        var rows = Json.STRICT.readTree(statuses).get("runs");
        Map<String, String> byId = new java.util.HashMap<>();
        rows.forEach(r -> byId.put(r.get("run_id").asString(), r.get("status").asString()));
        assertEquals("PASSED", byId.get(old), statuses);
        assertEquals("FAILED", byId.get(failed), statuses);
        assertEquals("PASSED", byId.get(passed), statuses);
        assertEquals("RUNNING", byId.get(running), statuses);
        assertEquals(Shared.present(SEED_RUNS), byId.containsKey(LEGACY), statuses);
        Files.createDirectories(repo.resolve("sub/dir"));
    }

    // ---- running one vector three ways

    record Outcome(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static CliContext ctx(Path cwd) {
        // A fixed clock: stats prints the start of its window, which must be the same on both paths.
        return new CliContext(cwd, Map.of(), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC),
                new ByteArrayInputStream(new byte[0]), false);
    }

    /** The fast path as {@link Main#run} makes it. */
    static FastPath fastPath(CliContext ctx, PrintWriter out, PrintWriter err) {
        var output = new dev.orun.cli.support.Output(out, err);
        return new FastPath(new dev.orun.cli.support.OrunFactory(new dev.orun.cli.support.Services(ctx), output), output);
    }

    static Outcome fast(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err);
        int code = fastPath(ctx(cwd), o, e).run(args);
        o.flush();
        e.flush();
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome picocli(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err);
        int code = Main.commandLine(ctx(cwd), o, e, args).execute(args);
        o.flush();
        e.flush();
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome main(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(ctx(cwd), new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Removes the listing index and the validated-record memo, so the next command starts cold. */
    static void coldCaches() {
        Path cache = repo.resolve("orchestration/runs/.cache");
        if (!Files.exists(cache)) {
            return;
        }
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fast path takes {@code args} (exit 0) and prints byte for byte what picocli prints: with cold caches
     * (the fast path fills them), then warm.
     */
    static void assertTakenAndSame(Path cwd, String... args) {
        String what = "orun " + String.join(" ", args);
        coldCaches();
        Outcome fastCold = fast(cwd, args);
        assertNotEquals(FastPath.DECLINED, fastCold.exit(), what + " was declined");
        assertEquals(0, fastCold.exit(), what + ": " + fastCold);
        Outcome slow = picocli(cwd, args);
        assertEquals(slow, fastCold, what + ": fast path (cold caches) differs from picocli");
        Outcome fastWarm = fast(cwd, args);
        assertEquals(slow, fastWarm, what + ": fast path (warm caches) differs from picocli");
        assertEquals(slow, main(cwd, args), what + ": Main.run differs from picocli");
    }

    /** The fast path declines {@code args} without writing a byte; Main.run then answers as picocli does. */
    static void assertDeclined(Path cwd, int expectedExit, String... args) {
        String what = "orun " + String.join(" ", args);
        Outcome f = fast(cwd, args);
        assertEquals(new Outcome(FastPath.DECLINED, "", ""), f, what + " should be declined with nothing written");
        Outcome slow = picocli(cwd, args);
        assertEquals(expectedExit, slow.exit(), what + " through picocli: " + slow);
        assertEquals(slow, main(cwd, args), what + ": Main.run differs from picocli");
    }

    /**
     * The fast path takes {@code args}, runs the command once and answers its failure itself (issue 14: never
     * declined after it started), byte for byte as picocli does.
     */
    static void assertAnsweredAndSame(Path cwd, int expectedExit, String... args) {
        String what = "orun " + String.join(" ", args);
        Outcome f = fast(cwd, args);
        assertEquals(expectedExit, f.exit(), what + " through the fast path: " + f);
        Outcome slow = picocli(cwd, args);
        assertEquals(slow, f, what + ": fast path differs from picocli");
        assertEquals(slow, main(cwd, args), what + ": Main.run differs from picocli");
    }

    static DynamicTest answered(int exit, String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args) + " -> answered, exit " + exit,
                () -> assertAnsweredAndSame(repo, exit, args));
    }

    static String[] v(String... args) {
        return args;
    }

    static DynamicTest taken(String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args), () -> assertTakenAndSame(repo, args));
    }

    /** A vector on the seed's legacy records: skipped, visibly, without ../shared. */
    static DynamicTest takenLegacy(String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args), () -> {
            Shared.require(SEED_RUNS);
            assertTakenAndSame(repo, args);
        });
    }

    static DynamicTest declined(int exit, String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args) + " -> declined, exit " + exit, () -> assertDeclined(repo, exit, args));
    }

    /** Global options before the command (issue 13, point 6) are moved after it, so both paths see the same shape. */
    static DynamicTest hoisted(String[] given, String[] canonical) {
        return DynamicTest.dynamicTest(String.join(" ", given), () -> {
            assertEquals(List.of(canonical), List.of(CommandTree.hoistGlobalOptions(given)));
            assertTakenAndSame(repo, canonical);
            assertEquals(main(repo, canonical), main(repo, given), "orun " + String.join(" ", given));
        });
    }

    @TestFactory
    List<DynamicTest> global_options_before_the_command_take_the_fast_path_too() {
        String root = repo.toString();
        return List.of(
                hoisted(v("--json", "run", "list"), v("run", "list", "--json")),
                hoisted(v("--root", root, "run", "list", "--status", "PASSED"), v("run", "list", "--root", root, "--status", "PASSED")),
                hoisted(v("-v", "run", "--json", "show", old), v("run", "show", "-v", "--json", old)),
                hoisted(v("--lock-timeout=5s", "run", "show", "--run", passed), v("run", "show", "--lock-timeout=5s", "--run", passed)));
    }

    // ---- the table of vectors the fast path takes

    @TestFactory
    List<DynamicTest> version_and_run_show_print_exactly_what_picocli_prints() {
        String suffix = running.substring(running.lastIndexOf('_') + 1);
        return List.of(
                taken("--version"),
                taken("-V"),
                taken("run", "show", old),
                taken("run", "show", failed),
                taken("run", "show", passed),
                taken("run", "show", running),
                takenLegacy("run", "show", LEGACY),
                taken("run", "show", suffix.substring(0, 5)),
                takenLegacy("run", "show", "ra3ks"),
                taken("run", "show", "--run", passed),
                taken("run", "show", "--run=" + failed),
                taken("run", "show", "--json", passed),
                takenLegacy("run", "show", LEGACY, "--json"),
                taken("run", "show", "--run", failed, "--json", "-v"),
                taken("run", "show", "-v", old),
                taken("run", "show", "--verbose", old),
                taken("run", "show", "--root", repo.toString(), passed),
                taken("run", "show", "--root=" + repo, "--run", running, "--json"),
                taken("run", "show", "--lock-timeout", "5s", old),
                taken("run", "show", "--lock-timeout=2m", "--run=" + old),
                // --run wins over the positional in both
                taken("run", "show", "--run", old, passed));
    }

    @TestFactory
    List<DynamicTest> run_list_prints_exactly_what_picocli_prints() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(taken("run", "list"));
        tests.add(taken("run", "list", "--json"));
        tests.add(taken("run", "list", "-v"));
        String[][] options = {
                {"--status", "FAILED"}, {"--status", "passed"}, {"--status", "RUNNING"}, {"--workflow", "hello"},
                {"--workflow", "visual-essay"}, {"--since", "7d"}, {"--since", "2026-01-01"}, {"--since", "12h"},
                {"--grep", "beta"}, {"--grep", "RUDE"}, {"--grep", "no-such-text-anywhere"}, {"--limit", "2"},
                {"--limit", "1"}, {"--limit", "999"}, {"--root", repo.toString()}, {"--lock-timeout", "5s"}};
        for (String[] o : options) {
            tests.add(taken("run", "list", o[0], o[1]));
            tests.add(taken("run", "list", o[0] + "=" + o[1]));
            tests.add(taken("run", "list", "--json", o[0], o[1]));
        }
        tests.add(taken("run", "list", "--status", "PASSED", "--workflow", "hello", "--limit", "1"));
        tests.add(taken("run", "list", "--since=7d", "--grep=gamma", "--json"));
        tests.add(taken("run", "list", "--workflow=hello", "--since", "2026-01-01", "--status=FAILED", "-v", "--limit=5"));
        tests.add(taken("run", "list", "--grep", "hello", "--limit", "2", "--json", "--root", repo.toString()));
        tests.add(taken("run", "list", "--status", "CANCELED"));
        tests.add(taken("run", "list", "--grep", "=x=")); // a value with '=' in it
        tests.add(taken("run", "list", "--grep=a=b"));
        return tests;
    }

    @TestFactory
    List<DynamicTest> stats_prints_exactly_what_picocli_prints() {
        return List.of(
                taken("stats"),
                taken("stats", "--since", "2020-01-01", "--json"), // a date: a duration's start moves with the clock
                taken("stats", "-v"),
                taken("stats", "--since", "4000d"),
                taken("stats", "--since=2026-01-01", "--json"),
                taken("stats", "--workflow", "hello", "--since", "4000d"),
                taken("stats", "--workflow=visual-essay", "--since", "2020-01-01", "--json"),
                taken("stats", "--workflow", "no-such-workflow"),
                taken("stats", "--root", repo.toString(), "--since", "4000d"),
                answered(2, "stats", "--since", "soon"),
                declined(2, "stats", "--limit", "3"),
                declined(2, "stats", "--since", "7d", "--since", "8d"),
                declined(0, "stats", "--help"));
    }

    @Test
    void run_show_and_list_from_a_subfolder_and_from_outside_with_root_match_picocli() {
        assertTakenAndSame(repo.resolve("sub/dir"), "run", "show", passed);
        assertTakenAndSame(repo.resolve("sub/dir"), "run", "list", "--status", "FAILED");
        assertTakenAndSame(elsewhere, "run", "show", "--root", repo.toString(), failed);
        assertTakenAndSame(elsewhere, "run", "list", "--root=" + repo, "--json");
        assertTakenAndSame(repo.resolve("sub"), "run", "list", "--root", "..", "--limit", "3");
    }

    // ---- the table of vectors it must decline

    @TestFactory
    List<DynamicTest> unusual_vectors_are_declined_without_output_and_failures_answered_once() {
        return List.of(
                declined(0, "run", "list", "--help"),
                declined(0, "run", "show", "-h"),
                declined(0, "run", "show", "--help", passed),
                answered(2, "run", "list", "--limit", "0"),
                answered(2, "run", "list", "--limit=0"),
                declined(2, "run", "list", "--limit", "abc"),
                declined(2, "run", "list", "--limit", "-1"),
                declined(2, "run", "list", "--limit=-1"),
                declined(0, "run", "list", "--limit", "+1"),
                declined(2, "run", "list", "--limit", "99999999999"),
                declined(2, "run", "list", "--limit"),
                declined(2, "run", "list", "--status", "FAILED", "--status", "PASSED"),
                declined(2, "run", "list", "--json", "--json"),
                declined(0, "run", "list", "--json=true"),
                declined(2, "run", "list", "--bogus"),
                declined(2, "run", "list", "--bogus", "x"),
                declined(2, "run", "list", "stray"),
                declined(2, "run", "show", old, passed),
                answered(2, "run", "show"),
                answered(2, "run", "show", "--json"),
                answered(3, "run", "show", "no-such-run"),
                answered(3, "run", "show", "--json", "no-such-run"),
                answered(2, "run", "show", "run_"), // ambiguous prefix
                answered(2, "run", "list", "--status", "NOPE"),
                answered(2, "run", "list", "--since", "yesterday"),
                declined(2, "run", "show", "--run"),
                declined(2, "run", "show", "--run", "--json"),
                declined(2, "run", "show", "--run", old, "--run", passed),
                declined(2, "run", "show", "--status", "FAILED", old),
                declined(2, "run", "list", "--run", old),
                declined(2, "run", "list", "--", "x"),
                declined(0, "run", "show", "--", old),
                answered(2, "run", "show", old, "--lock-timeout", "soon"),
                declined(2, "run", "show", "--root", repo.toString(), "--root", repo.toString(), old),
                declined(2, "run"),
                declined(0, "run", "--help"),
                declined(3, "run", "frobnicate"),
                declined(0, "run", "start", "--help"),
                declined(0, "--version", "extra"),
                declined(0, "--help"));
    }

    @Test
    void a_run_show_of_a_missing_run_reports_through_the_error_handler() {
        Outcome r = main(repo, "run", "show", "--json", "no-such-run");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().startsWith("orun: run no-such-run not found"), r.toString());
        assertTrue(r.out().contains("\"error\""), "--json errors print an error document: " + r);
    }

    // ---- every option picocli knows, the fast path takes

    /** Meaningful values for some options; any other option gets a value of its type ({@link #sample}). */
    static Map<String, String> samples() {
        return Map.of("--status", "PASSED", "--workflow", "hello", "--since", "7d", "--grep", "delta", "--limit", "2",
                "--root", repo.toString(), "--lock-timeout", "5s", "--run", passed);
    }

    static String sample(OptionSpec option) {
        String known = samples().get(option.longestName());
        if (known != null) {
            return known;
        }
        Class<?> type = option.type();
        return type == Integer.class || type == int.class ? "3" : type == Path.class ? repo.toString() : "x";
    }

    static final Set<String> HELP_AND_VERSION = Set.of("--help", "-h", "--version", "-V");

    static CommandLine model() {
        return Main.commandLine(ctx(repo), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    static CommandLine command(String path) {
        CommandLine cl = model();
        for (String word : path.split(" ")) {
            cl = cl.getSubcommands().get(word);
        }
        return cl;
    }

    @Test
    void the_table_the_fast_path_parses_by_is_the_one_picocli_s_model_gives_now() {
        assertEquals(CommandModelTable.render(model()), FastPath.tableText(),
                FastPath.TABLE_CLASS + " is missing or stale: mvn process-classes writes it");
    }

    /**
     * Derived from picocli's model, not a hand list: every name of every option of each fast command is taken by
     * the fast path and gives byte for byte picocli's answer (success or error); a name the model lacks is declined
     * and picocli refuses it.
     */
    @TestFactory
    List<DynamicTest> the_fast_path_and_picocli_accept_and_reject_the_same_options() {
        List<DynamicTest> tests = new ArrayList<>();
        int names = 0;
        for (String path : FastPath.COMMANDS) {
            if (FastPath.WRITES.contains(path)) {
                continue; // FastPathWritesTest: each write vector on a fresh copy of the repository
            }
            CommandLine cl = command(path);
            String[] base = cl.getCommandSpec().positionalParameters().isEmpty() ? path.split(" ")
                    : concat(path.split(" "), passed);
            for (OptionSpec option : cl.getCommandSpec().options()) {
                for (String name : option.names()) {
                    if (HELP_AND_VERSION.contains(name)) {
                        tests.add(declined(0, concat(base, name)));
                        continue;
                    }
                    names++;
                    String[] plain = name.equals("--run") ? path.split(" ") : base;
                    if (option.arity().max() == 0) {
                        tests.add(same(concat(plain, name)));
                    } else {
                        tests.add(same(concat(plain, name, sample(option))));
                        tests.add(same(concat(plain, name + "=" + sample(option))));
                        boolean numeric = option.type() == Integer.class || option.type() == int.class;
                        tests.add(numeric ? declined(2, concat(plain, name, "x")) : same(concat(plain, name, "x")));
                        tests.add(declined(2, concat(plain, name)));
                    }
                }
            }
            tests.add(declined(2, concat(base, "--no-such-option")));
            tests.add(declined(2, concat(base, "--no-such-option=1")));
            tests.add(declined(2, concat(base, "-Z")));
        }
        assertTrue(names >= 15, "picocli's model lists fewer options than expected: " + names);
        return tests;
    }

    /** Taken by the fast path (whatever its exit code), with picocli's exact answer. */
    static DynamicTest same(String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args) + " -> same as picocli", () -> {
            coldCaches();
            Outcome f = fast(repo, args);
            assertNotEquals(FastPath.DECLINED, f.exit(), "orun " + String.join(" ", args) + " was declined");
            assertEquals(picocli(repo, args), f, "orun " + String.join(" ", args) + ": fast path differs from picocli");
        });
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    // ---- a divergence found while writing these tests

    /**
     * picocli expands {@code @file} arguments (the file's lines become arguments); the fast path once took
     * {@code @...} literally, so {@code orun run list --grep @FILE} filtered by the text "@FILE". It now declines
     * any {@code @} argument and picocli expands it.
     */
    @Test
    void an_at_file_argument_means_the_same_through_the_fast_path_and_picocli() throws IOException {
        Path args = elsewhere.resolve("grep-args");
        Files.writeString(args, "delta\n");
        Outcome slow = picocli(repo, "run", "list", "--grep", "@" + args);
        assertTrue(slow.out().contains(passed), "picocli expanded the @-file: " + slow);
        assertEquals(slow, main(repo, "run", "list", "--grep", "@" + args));
    }
}
