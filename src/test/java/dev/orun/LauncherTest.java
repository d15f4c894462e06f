package dev.orun;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./orun} launcher's choice of JVM, start-up cache and JIT options (issue 14), run as real bash
 * processes on a copy of the launcher beside a jar that is already built. The JVMs are stand-ins: scripts in a
 * fake JDK folder (with the JDK's {@code release} file) that log their arguments, make the files a real JVM's
 * training would make, and print the command line they were finally given.
 */
class LauncherTest {
    @TempDir
    Path dir;
    Path project;
    Path log;

    @BeforeEach
    void copyLauncher() throws IOException {
        project = dir.resolve("orun-src");
        Files.createDirectories(project.resolve("target"));
        Files.copy(Path.of("orun"), project.resolve("orun"));
        Path jar = project.resolve("target/orun.jar");
        Files.writeString(jar, "not read by the stand-in JVMs");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        log = dir.resolve("jvm.log");
    }

    /** A fake JDK of that feature version whose java behaves as described above; {@code failRecord} fails training. */
    private Path jdk(String name, String version, boolean failRecord) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Files.setLastModifiedTime(home.resolve("release"), FileTime.from(Instant.now().minusSeconds(1800)));
        Path java = home.resolve("bin/java");
        Files.writeString(java, String.join("\n",
                "#!/usr/bin/env bash",
                "echo \"$0 $*\" >> '" + log + "'",
                "mode=; out=; conf=; lst=; dump=; train=",
                "for a in \"$@\"; do case $a in",
                "  -XX:AOTMode=*) mode=${a#*=} ;; -XX:AOTConfiguration=*) conf=${a#*=} ;;",
                "  -XX:AOTCache=*) out=${a#*=} ;; -XX:SharedArchiveFile=*) out=${a#*=} ;;",
                "  -XX:DumpLoadedClassList=*) lst=${a#*=} ;; -Xshare:dump) dump=1 ;; __cds-train*) train=$a ;;",
                "esac; done",
                "if [ \"$mode\" = record ] || [ -n \"$lst\" ]; then",
                (failRecord ? "  exit 1" : "  sleep 0.3; echo trained > \"${conf:-$lst}\""),
                "  [ \"$train\" = __cds-train ] && echo /tmp/orun-cds-train-fake",
                "  [ \"$mode\" = record ] && echo ' AOTConfiguration recorded: x'",
                "  exit 0",
                "fi",
                "if [ \"$mode\" = create ] || [ -n \"$dump\" ]; then",
                "  sleep 0.3; echo \"cache of $$\" > \"$out\"; exit 0",
                "fi",
                "echo \"final: $*\"",
                ""), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private record Result(int exit, String out, String err) {
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", project.resolve("orun").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("ORUN_JAVA");
        pb.environment().remove("ORUN_JAVA_OPTS");
        pb.environment().remove("ORUN_CDS");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Result finish(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        return finish(start(env, args));
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(project.resolve("target"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("cds.")).toList();
        }
    }

    @Test
    void java_25_gets_aot_caches_made_once_by_parallel_first_starts() throws Exception {
        Path home = jdk("jdk25", "25.0.3", false);
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(start(Map.of("JAVA_HOME", home.toString()), "--version"));
        }
        for (Process p : ps) {
            Result r = finish(p);
            assertEquals(0, r.exit(), r.err());
            assertEquals("", r.err());
            assertTrue(r.out().contains("-XX:AOTCache=" + project.resolve("target/orun-read-j25.aot")), r.out());
        }
        for (String f : List.of("orun-j25.aot", "orun-read-j25.aot")) {
            assertTrue(Files.readString(project.resolve("target").resolve(f)).startsWith("cache of "), f);
        }
        assertEquals(List.of(), leftovers(), "no temp folder left in target/");
        assertFalse(Files.exists(project.resolve("target/orun-j25.jsa")));
    }

    @Test
    void java_17_gets_cds_archives_and_the_write_commands_c1_alone() throws Exception {
        Path home = jdk("jdk17", "17.0.15", false);
        Result r = run(Map.of("JAVA_HOME", home.toString()), "gate", "start", "--run", "x", "--gate", "G1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("-XX:SharedArchiveFile=" + project.resolve("target/orun-j17.jsa")), r.out());
        assertTrue(r.out().contains("-XX:TieredStopAtLevel=1"), r.out());
        assertTrue(Files.readString(log).contains("-Xshare:dump"), "archives dumped with Java 17's -Xshare:dump");
        Result finish = run(Map.of("JAVA_HOME", home.toString()), "gate", "finish", "--run", "x", "--gate", "G1");
        // gate finish runs C1 alone too, and says so, so that many MiB to hash go to a JVM with C2 (ChildHasher)
        assertTrue(finish.out().contains("-XX:TieredStopAtLevel=1") && finish.out().contains("-Dorun.jit=c1"), finish.out());
        // orun's SHA loop's own thresholds; the JVM would print that option on stdout (breaking --json) unless quiet comes first.
        int quiet = finish.out().indexOf("-XX:CompileCommand=quiet");
        int sha = finish.out().indexOf("-XX:CompileCommand=CompileThresholdScaling,dev.orun.run.Sha256::sha256");
        assertTrue(quiet >= 0 && sha > quiet, finish.out());
        Result pipeline = run(Map.of("JAVA_HOME", home.toString()), "run", "hello", "--slug", "s");
        assertFalse(pipeline.out().contains("TieredStopAtLevel") || pipeline.out().contains("Tier4"), pipeline.out());
    }

    @Test
    void orun_java_wins_over_java_home() throws Exception {
        Path j17 = jdk("jdk17", "17.0.15", false);
        Path j25 = jdk("jdk25", "25.0.3", false);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", j17.toString());
        env.put("ORUN_JAVA", j25.resolve("bin/java").toString());
        Result r = run(env, "run", "show", "x");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("orun-read-j25.aot"), r.out());
        assertFalse(Files.readString(log).contains(j17.toString()), "Java 17 was not run");
    }

    @Test
    void a_failed_training_runs_orun_without_a_cache_and_says_nothing() throws Exception {
        Path home = jdk("jdk25", "25.0.3", true);
        Result r = run(Map.of("JAVA_HOME", home.toString()), "--version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("final: "), r.out());
        assertFalse(r.out().contains("AOTCache"), r.out());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void a_cache_older_than_the_jdk_is_made_again() throws Exception {
        Path home = jdk("jdk25", "25.0.3", false);
        Path cache = project.resolve("target/orun-j25.aot");
        Path readCache = project.resolve("target/orun-read-j25.aot");
        Files.writeString(cache, "old");
        Files.writeString(readCache, "old");
        assertEquals(0, run(Map.of("JAVA_HOME", home.toString()), "--version").exit());
        assertEquals("old", Files.readString(cache), "newer than the jar and the JDK: kept");
        // The JDK was updated after the cache was made.
        Files.setLastModifiedTime(home.resolve("release"), FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(0, run(Map.of("JAVA_HOME", home.toString()), "--version").exit());
        assertTrue(Files.readString(cache).startsWith("cache of "), "made again for the new JDK");
    }
}
