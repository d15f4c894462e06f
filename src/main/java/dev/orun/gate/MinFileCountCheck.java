package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * {@code min_file_count}: the regular files directly in the {@code target} folder whose name matches
 * {@code pattern} (default {@code *}); {@code *.ext} is "ends with .ext", as in the seed; any other pattern is a
 * glob (the seed counted every file for it). Against {@code thresholds} by depth, or {@code min}.
 */
final class MinFileCountCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        int need = ctx.threshold(spec);
        String pattern = spec.text("pattern") == null ? "*" : ctx.seedText(spec.text("pattern"));
        RepoFiles.Resolved r = ctx.target(spec);
        String shown = r.relative() != null ? r.relative() : r.given();
        if (r.refused()) {
            return List.of(Check.result(spec, shown, false, r.escape()));
        }
        if (!r.isDirectory()) {
            return List.of(Check.result(spec, shown, false, (r.exists() ? "is a file" : "missing: folder " + shown + " does not exist")
                    + "; wanted " + Check.count(need, "file") + " matching " + pattern + ctx.atDepth(spec)));
        }
        PathMatcher glob = pattern.equals("*") || pattern.startsWith("*.") ? null
                : FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int count = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(r.file())) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean match = pattern.equals("*") || (glob == null ? name.endsWith(pattern.substring(1)) : glob.matches(p.getFileName()));
                if (match && Files.isRegularFile(p)) {
                    count++;
                }
            }
        } catch (IOException e) {
            return List.of(Check.result(spec, shown, false, "cannot list the folder: " + e.getMessage()));
        }
        return List.of(Check.result(spec, shown, count >= need, Check.count(count, "file") + " matching " + pattern + ", need " + need
                + ctx.atDepth(spec)));
    }
}
