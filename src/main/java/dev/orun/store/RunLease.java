package dev.orun.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code logs/lease.json}: which orun process drives a run right now (pid, host, and the JVM's start time so a
 * recycled pid is not taken for it), and the invocation it is running, if any. A lease whose process is gone
 * from this host means that process died: the run is then persisted as INTERRUPTED on the next read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunLease(long pid, String host, Long processStartMs, String since, String command, String gate,
                       Integer attempt, String invocationId, Long agentPid, Long agentStartMs) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public RunLease {
        requireNonNull(host, "host");
        requireNonNull(since, "since");
    }

    /** A lease that names no agent start time (as leases written before orun recorded it). */
    public RunLease(long pid, String host, Long processStartMs, String since, String command, String gate,
                    Integer attempt, String invocationId, Long agentPid) {
        this(pid, host, processStartMs, since, command, gate, attempt, invocationId, agentPid, null);
    }

    /** A lease for this process. */
    public static RunLease self(String since, String command) {
        ProcessHandle me = ProcessHandle.current();
        return new RunLease(me.pid(), currentHost(), startMs(me).orElse(null), since, command, null, null, null, null, null);
    }

    public RunLease running(String gateId, Integer attemptNo, String invocation) {
        return new RunLease(pid, host, processStartMs, since, command, gateId, attemptNo, invocation, null, null);
    }

    /** The agent's pid and start time, so that a later reader can end it (and no process that took its pid). */
    public RunLease withAgent(Process agent) {
        return new RunLease(pid, host, processStartMs, since, command, gate, attempt, invocationId, agent.pid(),
                startMs(agent.toHandle()).orElse(null));
    }

    @JsonIgnore
    public boolean isSelf() {
        return pid == ThisProcess.pid() && host.equals(currentHost());
    }

    /** Whether the holder is this process's parent, grandparent, …: the driver that started this agent. */
    @JsonIgnore
    public boolean isAncestorOfSelf() {
        if (!host.equals(currentHost())) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.current().parent();
        for (int depth = 0; p.isPresent() && depth < 32; depth++) {
            if (p.get().pid() == pid) {
                return true;
            }
            p = p.get().parent();
        }
        return false;
    }

    /** True only when the holder is on this host and its process no longer exists (or the pid now names another). */
    @JsonIgnore
    public boolean deadOnThisHost() {
        if (!host.equals(currentHost())) {
            return false;
        }
        return !alive(pid, processStartMs);
    }

    /** Whether {@code pid} names a live process started at {@code startMs} (when known, within a second). */
    static boolean alive(long pid, Long startMs) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (h.isEmpty() || zombie(pid)) {
            return false;
        }
        if (startMs == null) {
            return true;
        }
        return startMs(h.get()).map(s -> Math.abs(s - startMs) <= 1000).orElse(true);
    }

    @JsonIgnore
    public boolean agentAlive() {
        return agentPid != null && host.equals(currentHost()) && alive(agentPid, agentStartMs);
    }

    /** A process that exited and waits for its parent to reap it: it counts as dead (Linux; elsewhere never). */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Long> startMs(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli);
    }

    /** This machine's name: the kernel's hostname (no DNS lookup), else the JDK's. */
    public static String currentHost() {
        Path proc = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(proc)) {
                String s = Files.readString(proc, StandardCharsets.UTF_8).strip();
                if (!s.isEmpty()) {
                    return s;
                }
            }
        } catch (IOException e) {
            // fall through to the JDK's answer
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
