package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.run.ArtifactRef;
import dev.orun.store.OrunPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Size, modification time and file key of each output a gate finish hashed, taken once hashing is done (outside
 * the run's lock) and compared again under it: a hash is recorded only for a file that is still what was hashed.
 */
final class OutputStats {
    private record Stat(long size, long mtimeNanos, Object key) {
        /** Field by field: a record's generated equals is bootstrapped through invokedynamic, ~10 ms at its first call. */
        boolean same(Stat o) {
            return o != null && size == o.size && mtimeNanos == o.mtimeNanos && Objects.equals(key, o.key);
        }
    }

    private final Map<String, Stat> stats;

    private OutputStats(Map<String, Stat> stats) {
        this.stats = stats;
    }

    static OutputStats of(Path root, List<ArtifactRef> artifacts) {
        Map<String, Stat> m = new LinkedHashMap<>();
        for (ArtifactRef a : artifacts) {
            if (a.exists() && a.resolvedPath() != null && a.sha256() != null) {
                Stat s = stat(root.resolve(a.resolvedPath()));
                // A file already unlike what was hashed (its size) is caught at once, under the lock below.
                m.put(a.resolvedPath(), s != null && a.bytes() != null && s.size != a.bytes() ? new Stat(-1, 0, null) : s);
            }
        }
        return new OutputStats(m);
    }

    /** Refuses (exit 1, nothing recorded) when an output changed since it was hashed. */
    void refuseChanged(OrunPaths paths, String what, String again) {
        for (Map.Entry<String, Stat> e : stats.entrySet()) {
            Stat now = stat(paths.root().resolve(e.getKey()));
            if (now == null ? e.getValue() != null : !now.same(e.getValue())) {
                throw OrunException.failed(what + ": output " + e.getKey() + " changed while it was hashed"
                        + " (its size or modification time is not what it was): nothing recorded; when it is complete, run '"
                        + again + "' again");
            }
        }
    }

    private static Stat stat(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Stat(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }
}
