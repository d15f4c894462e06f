package dev.orun.agent;

import dev.orun.error.OrunException;
import dev.orun.store.OrunPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Agent definitions, found and compiled as the seed's agent compiler does: {@code <name>.md} in
 * {@code orchestration/agents/}, then its category folders (orchestrators, auditors, content, engineering, research,
 * specialists, utilities, regional), then anywhere below it (folders starting with '_' or '.' skipped). The system
 * prompt is the file itself, then the gate assignment, then the tool rules, joined by {@code ---} rules.
 */
public final class AgentPrompts {
    static final List<String> CATEGORIES = List.of("orchestrators", "auditors", "content", "engineering", "research",
            "specialists", "utilities", "regional");

    private final OrunPaths paths;

    public AgentPrompts(OrunPaths paths) {
        this.paths = paths;
    }

    public Path folder() {
        return paths.orchestration().resolve("agents");
    }

    /** The agent's .md file, or null when there is none. */
    public Path find(String agent) {
        if (agent == null || agent.isBlank() || agent.contains("/") || agent.contains("\\") || agent.startsWith(".")) {
            return null;
        }
        String file = agent + ".md";
        List<Path> dirs = new ArrayList<>();
        dirs.add(folder());
        CATEGORIES.forEach(c -> dirs.add(folder().resolve(c)));
        for (Path d : dirs) {
            Path p = d.resolve(file);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return search(folder(), file);
    }

    private static Path search(Path dir, String file) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path p : entries) {
            if (p.getFileName().toString().equals(file) && Files.isRegularFile(p)) {
                return p;
            }
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (Files.isDirectory(p) && !n.startsWith("_") && !n.startsWith(".")) {
                Path found = search(p, file);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** What the system prompt says about the gate: its id, name, slug, artifact path and required outputs. */
    public record GateContext(String gate, String name, String slug, String artifactPath, List<String> requiredOutputs) {
    }

    /** The compiled system prompt; an agent without a file is exit 3 naming where it was looked for. */
    public String compile(String agent, GateContext gate, List<String> tools) {
        if (agent == null) {
            throw OrunException.notFound("gate " + gate.gate() + " names no agent: add 'agent: NAME' to its workflow entry and "
                    + "write orchestration/agents/NAME.md (its text is the model's system prompt)");
        }
        Path file = find(agent);
        if (file == null) {
            throw OrunException.notFound("agent '" + agent + "' not found: no " + agent + ".md in " + paths.relative(folder())
                    + "/ or its folders: write " + paths.relative(folder()) + "/" + agent + ".md (its text is the system prompt)");
        }
        String md;
        try {
            md = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + paths.relative(file) + ": " + e.getMessage(), e);
        }
        return String.join("\n\n---\n\n", md.stripTrailing(), gateSection(gate), toolSection(tools));
    }

    static String gateSection(GateContext g) {
        StringBuilder sb = new StringBuilder("## Current Gate Assignment\n\n");
        sb.append("**Gate:** ").append(g.gate()).append(g.name() == null ? "" : " — " + g.name()).append('\n');
        if (g.slug() != null) {
            sb.append("**Slug:** ").append(g.slug()).append('\n');
        }
        if (g.artifactPath() != null) {
            sb.append("**Artifact path:** ").append(g.artifactPath()).append('\n');
        }
        if (!g.requiredOutputs().isEmpty()) {
            sb.append("\n### Required Outputs\n\nYou MUST produce the following files:\n\n");
            g.requiredOutputs().forEach(o -> sb.append("- `").append(o).append("`\n"));
        }
        return sb.toString().stripTrailing();
    }

    static String toolSection(List<String> tools) {
        StringBuilder sb = new StringBuilder("## Tool Usage\n\nYou have these tools:\n\n");
        if (tools.contains("read_file")) {
            sb.append("- **read_file**: read a text file of the repository (path relative to the repository root).\n");
        }
        if (tools.contains("write_file")) {
            sb.append("- **write_file**: write a whole file. Only the gate's artifact path and its required outputs may be written.\n");
        }
        if (tools.contains("list_directory")) {
            sb.append("- **list_directory**: list a folder of the repository.\n");
        }
        sb.append("""

                Paths are relative to the repository root. Absolute paths, '..' and symlinks that lead outside the
                repository are refused. Read what you need, write complete files (never placeholders), and stop when
                the required outputs are written: orun then validates them against the gate's contract.""");
        return sb.toString();
    }
}
