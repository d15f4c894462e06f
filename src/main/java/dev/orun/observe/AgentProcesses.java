package dev.orun.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ends an agent's process tree from outside its parent: SIGTERM to the agent and every descendant (taken before
 * any of them dies, so orphans re-parented mid-kill are not missed), then SIGKILL to whatever still lives after the
 * grace period. orun starts agents with Java's ProcessBuilder, which puts them in orun's own process group; the
 * tree is what belongs to the agent alone, and the agent's own group when it leads one.
 */
public final class AgentProcesses {
    /** How a kill ended: which signal was last needed, and how many processes were signalled. */
    public record Ended(boolean wasAlive, boolean forced, int processes) {
        /** The shell's exit status for a process ended by a signal: 128 + 15 (SIGTERM) or 128 + 9 (SIGKILL). */
        public Integer exitStatus() {
            return wasAlive ? (forced ? 137 : 143) : null;
        }
    }

    private AgentProcesses() {
    }

    /**
     * The live process {@code pid} when it started no earlier than {@code notBefore} less a second (so a recycled
     * pid is never taken for the agent), else empty.
     */
    public static Optional<ProcessHandle> find(Long pid, Instant notBefore) {
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> notBefore == null
                || h.info().startInstant().map(s -> !s.isBefore(notBefore.minusSeconds(1))).orElse(true));
    }

    /**
     * SIGTERM to the tree, SIGKILL to its survivors after {@code grace}. When the agent leads its own process group
     * (it was started through {@code setsid}, say), every member of that group is part of it too, so a process that
     * double-forked out of the tree is not left behind.
     */
    public static Ended end(ProcessHandle agent, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(agent.descendants().toList());
        tree.add(0, agent);
        for (ProcessHandle member : groupLedBy(agent.pid())) {
            if (tree.stream().noneMatch(h -> h.pid() == member.pid())) {
                tree.add(member);
            }
        }
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(20);
        }
        boolean forced = false;
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                forced = true;
                h.destroyForcibly();
            }
        }
        long hard = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < hard && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(10);
        }
        return new Ended(true, forced, tree.size());
    }

    /** The processes whose process group is {@code pid} when {@code pid} leads one (Linux /proc), else none. */
    static List<ProcessHandle> groupLedBy(long pid) {
        Long own = pgid(Path.of("/proc", Long.toString(pid), "stat"));
        if (own == null || own != pid) {
            return List.of();
        }
        List<ProcessHandle> members = new ArrayList<>();
        String[] names = new java.io.File("/proc").list();
        if (names == null) {
            return members;
        }
        for (String n : names) {
            if (n.isEmpty() || !Character.isDigit(n.charAt(0))) {
                continue;
            }
            Long g = pgid(Path.of("/proc", n, "stat"));
            if (g != null && g == pid) {
                ProcessHandle.of(Long.parseLong(n)).ifPresent(members::add);
            }
        }
        return members;
    }

    /** Field 5 of /proc/PID/stat (after the parenthesised command name, which may hold spaces). */
    private static Long pgid(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
