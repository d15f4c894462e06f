package dev.orun.cli;

import dev.orun.cli.FastPathTest.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FastPath} against picocli for the write commands ({@link FastPath#WRITES}): each vector runs on the same
 * copy of a repository three times (fast path, picocli, {@code Main.run}), restored between, with the same fixed
 * clock; stdout, stderr, the exit code and every file the command leaves (records, reports; not logs/ or caches)
 * must be the same. The random parts of new run and invocation ids are the only difference allowed, and where a
 * new id is sealed into the event chain (run start, invocation record), the chain's hashes with it.
 */
class FastPathWritesTest {
    @TempDir
    static Path repo;
    @TempDir
    static Path snapshot;

    static String fresh;    // RUNNING, no gate started
    static String running;  // RUNNING, G1 RUNNING, its output written
    static String bare;     // RUNNING, G1 RUNNING, no output: finish fails
    static String failed;   // FAILED through gate fail

    @BeforeAll
    static void repoWithRunsToWriteTo() throws IOException {
        OrunCli cli = OrunCli.initialisedRepo(repo);
        cli.clock(Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC));
        fresh = start(cli, "fresh", "out/fresh");
        running = start(cli, "running", "out/running");
        cli.run("gate", "start", "--run", running, "--gate", "G1").assertExit(0);
        Files.createDirectories(repo.resolve("out/running"));
        Files.writeString(repo.resolve("out/running/GREETING.md"), "# Hello\n\nHello from orun.\n");
        bare = start(cli, "bare", "out/bare");
        cli.run("gate", "start", "--run", bare, "--gate", "G1").assertExit(0);
        failed = start(cli, "failed", "out/failed");
        cli.run("gate", "start", "--run", failed, "--gate", "G1").assertExit(0);
        cli.run("gate", "fail", "--run", failed, "--gate", "G1", "--reason", "rude").assertExit(0);
        Files.writeString(repo.resolve("prompt.md"), "Write a greeting.\n");
        copy(repo, snapshot);
    }

    private static String start(OrunCli cli, String slug, String path) {
        return cli.run("run", "start", "--workflow", "hello", "--slug", slug, "--artifact-path", path).assertExit(0).lastLine();
    }

    // ---- the repository, restored before each run of a vector

    private static boolean kept(Path relative) {
        String p = relative.toString().replace('\\', '/');
        return !p.equals(".git") && !p.startsWith(".git/");
    }

    private static void copy(Path from, Path to) {
        OrunCli.copyTree(from, to, FastPathWritesTest::kept);
    }

    static void restore() {
        try (Stream<Path> s = Files.walk(repo)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Path rel = repo.relativize(p);
                if (!rel.toString().isEmpty() && kept(rel)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copy(snapshot, repo);
    }

    /** Every file a command leaves that matters (not logs/, locks or caches), by path, normalised. */
    static Map<String, String> files(boolean sealedIds) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(repo)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = repo.relativize(p).toString().replace('\\', '/');
                if (!kept(repo.relativize(p)) || rel.startsWith("orchestration/runs/.cache/") || rel.contains("/logs/")) {
                    continue;
                }
                files.put(normal(rel, false), normal(Files.readString(p, StandardCharsets.UTF_8), sealedIds));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * The random parts of run and invocation ids out, and the frames of a --verbose stack trace (the two paths call
     * the command from other places); with {@code sealedIds}, the hashes that seal the new id in too.
     */
    static String normal(String text, boolean sealedIds) {
        String s = text.replaceAll("(run_\\d{8}T\\d{9}Z_[a-z0-9-]+_)[a-z0-9]{6}", "$1RANDOM")
                .replaceAll("(inv_\\d+_)[a-z0-9]{4}", "$1RAND")
                .replaceAll("(?m)^\\s+(at |\\.\\.\\. \\d+ more).*\\n", "");
        return sealedIds ? s.replaceAll("\"([0-9a-f]{64}|[0-9a-f]{12})\"", "\"HASH\"") : s;
    }

    record Effect(Outcome outcome, Map<String, String> files) {
        @Override
        public String toString() {
            return outcome.toString();
        }
    }

    /** The files that differ, with both texts: what an assertion message shows. */
    static String diff(Map<String, String> expected, Map<String, String> actual) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> paths = new java.util.TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        for (String p : paths) {
            if (!java.util.Objects.equals(expected.get(p), actual.get(p))) {
                sb.append("\n=== ").append(p).append("\n--- expected ---\n").append(expected.get(p))
                        .append("\n--- actual ---\n").append(actual.get(p));
            }
        }
        return sb.toString();
    }

    private static Effect effect(Outcome o, boolean sealedIds) {
        return new Effect(new Outcome(o.exit(), normal(o.out(), sealedIds), normal(o.err(), sealedIds)), files(sealedIds));
    }

    /** A new id is sealed into the record by these: its hashes differ with the id's random part. */
    static boolean sealsNewId(String... args) {
        String path = FastPath.commandPath(args);
        return "run start".equals(path) || "invocation record".equals(path);
    }

    /** The fast path takes {@code args} (exit {@code exit}); picocli and Main.run give the same output and files. */
    static void assertSameEffect(int exit, String... args) {
        assertSameEffect(true, exit, args);
    }

    /** As {@link #assertSameEffect(int, String...)}; {@code viaMain} also runs it through Main.run. */
    static void assertSameEffect(boolean viaMain, int exit, String... args) {
        String what = "orun " + String.join(" ", args);
        boolean sealed = sealsNewId(args);
        restore();
        Outcome f = FastPathTest.fast(repo, args);
        assertNotEquals(FastPath.DECLINED, f.exit(), what + " was declined");
        Effect fast = effect(f, sealed);
        restore();
        Effect slow = effect(FastPathTest.picocli(repo, args), sealed);
        restore();
        Effect main = viaMain ? effect(FastPathTest.main(repo, args), sealed) : slow;
        restore();
        if (exit >= 0) {
            assertEquals(exit, f.exit(), what + ": " + f);
        }
        assertEquals(slow.outcome(), fast.outcome(), what + ": the fast path prints otherwise than picocli");
        assertTrue(slow.files().equals(fast.files()), what + ": the fast path leaves other files than picocli:"
                + diff(slow.files(), fast.files()));
        assertEquals(slow.outcome(), main.outcome(), what + ": Main.run prints otherwise than picocli");
        assertTrue(slow.files().equals(main.files()), what + ": Main.run leaves other files than picocli:" + diff(slow.files(), main.files()));
    }

    /** The fast path declines {@code args} with nothing written or changed; Main.run then answers as picocli does. */
    static void assertDeclined(int exit, String... args) {
        String what = "orun " + String.join(" ", args);
        restore();
        Map<String, String> before = files(false);
        Outcome f = FastPathTest.fast(repo, args);
        assertEquals(new Outcome(FastPath.DECLINED, "", ""), f, what + " should be declined with nothing printed");
        assertTrue(before.equals(files(false)), what + ": declined, yet files changed:" + diff(before, files(false)));
        Effect slow = effect(FastPathTest.picocli(repo, args), sealsNewId(args));
        restore();
        Effect main = effect(FastPathTest.main(repo, args), sealsNewId(args));
        restore();
        assertEquals(exit, slow.outcome().exit(), what + " through picocli: " + slow);
        assertEquals(slow.outcome(), main.outcome(), what + ": Main.run prints otherwise than picocli");
        assertTrue(slow.files().equals(main.files()), what + ": Main.run leaves other files than picocli:" + diff(slow.files(), main.files()));
    }

    static DynamicTest same(int exit, String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args) + (exit < 0 ? "" : " -> exit " + exit),
                () -> assertSameEffect(exit, args));
    }

    /** Taken and the same as picocli, without the third run through Main.run (the model's many vectors). */
    static DynamicTest sameAsPicocli(int exit, String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args) + (exit < 0 ? "" : " -> exit " + exit),
                () -> assertSameEffect(false, exit, args));
    }

    /** Global options before the command are moved after it (Main.run does), and then take the fast path. */
    static DynamicTest hoisted(int exit, String... given) {
        return DynamicTest.dynamicTest(String.join(" ", given), () -> {
            String[] canonical = CommandTree.hoistGlobalOptions(given);
            assertNotEquals(List.of(given), List.of(canonical));
            assertSameEffect(exit, canonical);
            restore();
            Effect main = effect(FastPathTest.main(repo, given), sealsNewId(canonical));
            restore();
            Effect hoisted = effect(FastPathTest.main(repo, canonical), sealsNewId(canonical));
            restore();
            assertEquals(hoisted.outcome(), main.outcome(), String.join(" ", given));
            assertTrue(hoisted.files().equals(main.files()), String.join(" ", given) + diff(hoisted.files(), main.files()));
        });
    }

    static DynamicTest declined(int exit, String... args) {
        return DynamicTest.dynamicTest(String.join(" ", args) + " -> declined, exit " + exit, () -> assertDeclined(exit, args));
    }

    static String[] v(String... args) {
        return args;
    }

    // ---- the vectors of the everyday writes, as the seed's users and bench/vs-seed.sh call them

    @TestFactory
    List<DynamicTest> run_start_writes_what_picocli_writes() {
        return List.of(
                same(0, "run", "start", "--workflow", "hello", "--slug", "w1", "--artifact-path", "out/w1"),
                same(0, "run", "start", "--workflow", "hello", "--slug", "w1", "--artifact-path", "out/w1", "--depth", "standard"),
                same(0, "run", "start", "--workflow=hello", "--slug=w2", "--artifact-path=out/w2", "--json"),
                same(0, "run", "start", "--workflow", "hello", "--slug", "w3", "--depth", "quick", "--var", "b=2", "--var", "a=1",
                        "--var", "a=3", "--var=c=x=y", "--var", "e=", "--artifact-path", "out/w3"),
                same(2, "run", "start", "--workflow", "hello", "--slug", "w3", "--artifact-path", "out/w3", "--var", "=v"),
                same(0, "run", "start", "--workflow", "hello", "--slug", "w4", "--prompt-file", "prompt.md", "-v",
                        "--artifact-path", "out/w4"),
                same(0, "run", "start", "--workflow", "hello", "--slug", "w5", "--variant", "v1", "--build-model", "m1",
                        "--artifact-path", "out/w5",
                        "--root", repo.toString(), "--lock-timeout", "5s"),
                same(2, "run", "start", "--workflow", "hello"),
                same(2, "run", "start", "--workflow", "hello", "--slug", "Bad_Slug", "--json"),
                same(3, "run", "start", "--workflow", "no-such-workflow", "--slug", "w6"),
                same(-1, "run", "start", "--workflow", "hello", "--slug", "w7", "--depth", "bottomless"),
                same(-1, "run", "start", "--workflow", "hello", "--slug", "w8", "--prompt-file", "no-such-prompt.md"),
                declined(2, "run", "start", "--workflow", "hello", "--slug", "w9", "--var", "novalue"),
                declined(2, "run", "start", "--workflow", "hello", "--slug", "w9", "--var"),
                declined(2, "run", "start", "--workflow", "hello", "--workflow", "hello", "--slug", "w9"),
                declined(2, "run", "start", "--slug", "w9"),
                declined(2, "run", "start", "--workflow", "hello", "--slug", "w9", "stray"),
                declined(0, "run", "start", "--workflow", "hello", "--help"));
    }

    @TestFactory
    List<DynamicTest> gate_start_finish_and_fail_write_what_picocli_writes() {
        return List.of(
                same(0, "gate", "start", "--run", fresh, "--gate", "G1"),
                same(0, "gate", "start", "--run", fresh, "--gate", "G1", "--agent", "someone", "--json"),
                same(0, "gate", "start", "--run", running, "--gate", "G1"),            // already RUNNING: a note
                same(0, "gate", "start", "--run", running, "--gate", "G1", "--force"),
                same(-1, "gate", "start", "--run", failed, "--gate", "G1"),
                same(0, "gate", "start", "--run", failed, "--gate", "G1", "--reopen"),
                same(3, "gate", "start", "--run", fresh, "--gate", "G9"),
                same(3, "gate", "start", "--run", "no-such-run", "--gate", "G1", "--json"),
                same(0, "gate", "start", "--run", dev.orun.run.RunIds.suffix(fresh).substring(0, 5), "--gate", "G1"),
                same(0, "gate", "finish", "--run", running, "--gate", "G1"),
                same(0, "gate", "finish", "--run=" + running, "--gate=G1", "--json", "--offline"),
                same(0, "gate", "finish", "--run", running, "--gate", "G1", "--junit-xml", "out/junit.xml"),
                same(1, "gate", "finish", "--run", bare, "--gate", "G1"),                 // FAIL: the Callable's exit 1
                same(1, "gate", "finish", "--run", bare, "--gate", "G1", "--json", "-v"),
                same(-1, "gate", "finish", "--run", fresh, "--gate", "G1"),
                same(0, "gate", "fail", "--run", running, "--gate", "G1", "--reason", "not friendly"),
                same(0, "gate", "fail", "--run", bare, "--gate", "G1", "--reason=empty", "--json"),
                same(-1, "gate", "fail", "--run", fresh, "--gate", "G1", "--reason", "never started"),
                declined(2, "gate", "fail", "--run", running, "--gate", "G1"),
                declined(2, "gate", "start", "--run", fresh, "--gate", "G1", "--gate", "G2"),
                declined(2, "gate", "finish", "--run", running),
                declined(2, "gate", "finish", "--run", running, "--gate", "G1", "--offline", "--offline"));
    }

    @TestFactory
    List<DynamicTest> invocation_record_and_run_complete_write_what_picocli_writes() {
        return List.of(
                same(0, "invocation", "record", "--run", running, "--gate", "G1", "--agent", "bench", "--status", "SUCCESS"),
                same(0, "invocation", "record", "--run", running, "--agent", "bench", "--status", "fail", "--model", "m1",
                        "--provider", "p1", "--tokens-prompt", "100", "--tokens-completion", "0", "--cost-usd", "0.25",
                        "--duration-ms", "1500", "--json"),
                same(0, "invocation", "record", "--run", running, "--agent", "bench", "--cost-usd", "3", "--status=Fail"),
                same(2, "invocation", "record", "--run", running, "--agent", "bench", "--status", "RUNNING"),
                same(3, "invocation", "record", "--run", "no-such-run", "--agent", "bench"),
                declined(2, "invocation", "record", "--run", running, "--agent", "bench", "--status", "nope"),
                declined(0, "invocation", "record", "--run", running, "--agent", "bench", "--tokens-prompt", "010"),
                declined(2, "invocation", "record", "--run", running, "--agent", "bench", "--tokens-prompt", "-1"),
                declined(0, "invocation", "record", "--run", running, "--agent", "bench", "--cost-usd", "1e3"),
                declined(2, "invocation", "record", "--run", running, "--agent", "bench", "--duration-ms", "1.5"),
                declined(2, "invocation", "record", "--run", running),
                same(1, "run", "complete", "--run", running),              // its gates have not passed
                same(0, "run", "complete", "--run", running, "--status", "CANCELED"),
                same(0, "run", "complete", "--run", fresh, "--status", "failed", "--json"),
                same(-1, "run", "complete", "--run", running, "--status", "RUNNING"),
                same(-1, "run", "complete", "--run", failed, "--status", "PASSED"),
                declined(2, "run", "complete", "--run", running, "--status", "DONE"),
                declined(2, "run", "complete", "--run", running, "--status", "PASSED", "--status", "FAILED"));
    }

    @TestFactory
    List<DynamicTest> global_options_before_a_write_take_the_fast_path_too() {
        return List.of(
                hoisted(0, "--json", "gate", "start", "--run", fresh, "--gate", "G1"),
                hoisted(0, "--root", repo.toString(), "run", "complete", "--run", running, "--status", "CANCELED"),
                hoisted(0, "-v", "invocation", "record", "--run", running, "--agent", "bench"));
    }

    // ---- every option picocli knows of each write, derived from its model

    /** The run each command acts on in the model-derived vectors, and values for options whose type says too little. */
    static String sample(String path, OptionSpec option) {
        String name = option.longestName();
        switch (name) {
            case "--run":
                return path.startsWith("gate start") ? fresh : running;
            case "--gate":
                return "G1";
            case "--workflow":
                return "hello";
            case "--slug":
                return "derived";
            case "--root":
                return repo.toString();
            case "--lock-timeout":
                return "5s";
            case "--prompt-file":
                return "prompt.md";
            case "--junit-xml":
                return "out/junit.xml";
            case "--depth":
                return "deep";
            case "--var":
                return "k=v";
            default:
                break;
        }
        Class<?> type = option.type();
        if (type.isEnum()) {
            return type.getEnumConstants()[type.getEnumConstants().length - 1].toString().toLowerCase(java.util.Locale.ROOT);
        }
        return type == Integer.class || type == int.class || type == Long.class || type == long.class ? "3"
                : type == Double.class || type == double.class ? "1.5" : "x";
    }

    static CommandLine command(String path) {
        java.io.PrintWriter sink = new java.io.PrintWriter(new java.io.StringWriter());
        CommandLine cl = Main.commandLine(FastPathTest.ctx(repo), sink, sink);
        for (String word : path.split(" ")) {
            cl = cl.getSubcommands().get(word);
        }
        return cl;
    }

    static boolean numeric(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Double.class || type == double.class;
    }

    /**
     * For each write and each name of each of its options (from picocli's model): the required options plus that one
     * (with a value of its type, as {@code --name v} and {@code --name=v}) give picocli's output and files; a
     * non-number for a number, a missing value, an unknown option and a repeated single option are declined.
     */
    @TestFactory
    List<DynamicTest> every_option_of_every_write_gives_what_picocli_gives() {
        List<DynamicTest> tests = new ArrayList<>();
        int names = 0;
        for (String path : FastPath.WRITES) {
            CommandLine cl = command(path);
            List<String> base = new ArrayList<>(List.of(path.split(" ")));
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.required()) {
                    base.add(o.longestName());
                    base.add(sample(path, o));
                }
            }
            if (path.equals("run start")) {
                base.addAll(List.of("--slug", "derived", "--artifact-path", "out/derived")); // checked by the command, not the model
            }
            for (OptionSpec o : cl.getCommandSpec().options()) {
                for (String name : o.names()) {
                    String[] plain = base.toArray(String[]::new);
                    if (FastPathTest.HELP_AND_VERSION.contains(name)) {
                        tests.add(declined(0, FastPathTest.concat(plain, name)));
                        continue;
                    }
                    names++;
                    if (o.required() || base.contains(o.longestName())) {
                        // the base names it already: given again, picocli refuses the repeat
                        tests.add(declined(2, FastPathTest.concat(plain, name, sample(path, o))));
                        continue;
                    }
                    if (o.arity().max() == 0) {
                        tests.add(sameAsPicocli(-1, FastPathTest.concat(plain, name)));
                        tests.add(declined(2, FastPathTest.concat(plain, name, name)));
                    } else {
                        tests.add(sameAsPicocli(-1, FastPathTest.concat(plain, name, sample(path, o))));
                        tests.add(sameAsPicocli(-1, FastPathTest.concat(plain, name + "=" + sample(path, o))));
                        if (numeric(o.type())) {
                            tests.add(declined(2, FastPathTest.concat(plain, name, "x")));
                        }
                        tests.add(declined(2, FastPathTest.concat(plain, name)));
                    }
                }
            }
            tests.add(declined(2, FastPathTest.concat(base.toArray(String[]::new), "--no-such-option")));
        }
        assertTrue(names >= 40, "picocli's model lists fewer options of the writes than expected: " + names);
        return tests;
    }

    @Test
    void every_write_of_the_fast_path_is_in_its_table() {
        for (String path : FastPath.WRITES) {
            assertTrue(FastPath.COMMANDS.contains(path), path);
            assertTrue(FastPath.table().containsKey(path), path + " has rows in " + FastPath.TABLE_CLASS);
        }
    }
}
