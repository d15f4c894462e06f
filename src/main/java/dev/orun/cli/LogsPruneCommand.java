package dev.orun.cli;

import dev.orun.cli.support.GlobalOptions;
import dev.orun.cli.support.Services;
import dev.orun.error.OrunException;
import dev.orun.run.Durations;
import dev.orun.store.LogPruner;
import dev.orun.store.LogPruner.Pruned;
import dev.orun.store.OrunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code orun logs prune}: retention for logs/, never for records. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete the logs/ of old finished runs (never a record). Default: retention.keep from "
                + "orchestration/orun.yaml, else keep the newest 50.")
public final class LogsPruneCommand implements Runnable {
    private final Services services;

    public LogsPruneCommand(Services services) {
        this.services = services;
    }

    static final int DEFAULT_KEEP = 50;

    @Mixin
    GlobalOptions global;

    @Option(names = "--keep", paramLabel = "N", description = "Keep the logs of the newest N runs.")
    Integer keep;

    @Option(names = "--older-than", paramLabel = "DURATION", description = "Only runs started longer ago than this (e.g. 30d).")
    String olderThan;

    @Option(names = "--dry-run", description = "Say what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public void run() {
        if (keep != null && keep < 0) {
            throw OrunException.usage("--keep " + keep + " must be 0 or more");
        }
        OrunConfig config = OrunConfig.load(services.paths(), services.schemas());
        Integer k = keep;
        String older = olderThan;
        if (k == null && older == null) {
            k = config.retentionKeep();
            older = config.retentionOlderThan();
            if (k == null && older == null) {
                k = DEFAULT_KEEP;
            }
        }
        Duration age = older == null ? null : Durations.parse(older, "--older-than");
        List<Pruned> pruned = new LogPruner(services.store()).prune(k, age, services.ctx().clock().instant(), dryRun,
                w -> global.err().println("orun: warning: " + w));
        long bytes = pruned.stream().mapToLong(Pruned::bytes).sum();
        long files = pruned.stream().mapToLong(Pruned::files).sum();
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dry_run", dryRun);
            doc.put("runs", pruned);
            doc.put("files", files);
            doc.put("bytes", bytes);
            global.printJson(doc);
            return;
        }
        String verb = dryRun ? "would delete" : "deleted";
        for (Pruned p : pruned) {
            global.out().printf("%s %s logs/ (%d files, %s)%n", verb, p.runId(), p.files(), human(p.bytes()));
        }
        global.out().printf("%s the logs of %d run(s): %d files, %s%s%n", dryRun ? "would free" : "freed", pruned.size(),
                files, human(bytes), dryRun ? " (dry run: nothing deleted)" : "");
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
