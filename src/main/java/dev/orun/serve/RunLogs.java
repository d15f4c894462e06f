package dev.orun.serve;

import dev.orun.run.Times;
import dev.orun.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The seed's run logs: the files of a run's gitignored {@code logs/} (prompt packets, agent output, plan answers),
 * listed as {@code {name, size_bytes, updated_at}} and read as text. orun's own bookkeeping there (the lock and the
 * lease) is not a log and is not shown; nothing outside {@code logs/} is reachable by a name.
 */
final class RunLogs {
    private static final Set<String> NOT_LOGS = Set.of("run.lock", "lease.json");

    private final RunStore store;

    RunLogs(RunStore store) {
        this.store = store;
    }

    List<Map<String, Object>> list(String runId) {
        store.read(runId);
        Path dir = store.paths().logsDir(runId);
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (!a.isRegularFile() || NOT_LOGS.contains(name) || name.contains("/.") || name.startsWith(".")) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name);
                m.put("size_bytes", a.size());
                m.put("updated_at", Times.iso(a.lastModifiedTime().toInstant()));
                out.add(m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the logs of " + runId + ": " + e.getMessage(), e);
        }
        return out;
    }

    byte[] read(String runId, String name) {
        store.read(runId);
        Path dir = store.paths().logsDir(runId);
        boolean ok = !name.isEmpty() && !name.startsWith("/") && !name.contains("\\") && !name.contains("\0");
        for (String seg : name.split("/", -1)) {
            ok &= !seg.isEmpty() && !seg.equals(".") && !seg.equals("..");
        }
        Path file = dir.resolve(name).normalize();
        if (!ok || !file.startsWith(dir) || NOT_LOGS.contains(name)) {
            throw ApiException.badRequest("log name '" + name + "' is not a file of the run's logs/: take a name from GET /runs/"
                    + runId + "/logs", null);
        }
        for (Path p = file; p != null && !p.equals(dir); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw ApiException.badRequest("log " + name + " goes through a symlink: refused", null);
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.notFound("run " + runId + " has no log " + name + ": see GET /runs/" + runId + "/logs");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log " + name + ": " + e.getMessage(), e);
        }
    }
}
