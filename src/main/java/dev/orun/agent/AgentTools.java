package dev.orun.agent;

import dev.orun.gate.RepoFiles;
import dev.orun.http.Secrets;
import dev.orun.llm.ToolChat;
import dev.orun.run.AgentRun;
import dev.orun.run.Sha256;
import dev.orun.schema.Json;
import dev.orun.store.AtomicFiles;
import dev.orun.store.PlainFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's tools, {@code read_file}, {@code write_file} and {@code list_directory}, confined to the repository:
 * an absolute path, a {@code ..} escape or a symlink leading out is a tool error returned to the model, never a read
 * or a write. Writes are further confined to the run's artifact path and the gate's declared outputs, never into
 * {@code .git}, {@code .env} files or the runs folder; reads never see {@code .git} or {@code .env} files (secrets).
 */
public final class AgentTools {
    static final int MAX_READ_BYTES = 512 * 1024;
    static final int MAX_WRITE_CHARS = 1024 * 1024;

    private final RepoFiles files;
    private final List<String> tools;
    private final List<String> writable;
    private final String runsFolder;
    private final Secrets secrets;

    /**
     * {@code writable}: repository-relative paths the agent may write — a file, or a folder and everything below it
     * (the artifact path, the gate's outputs). {@code runsFolder}: the repository-relative runs folder (never written).
     */
    public AgentTools(Path root, List<String> tools, List<String> writable, String runsFolder) {
        this(root, tools, writable, runsFolder, new Secrets(List.of()));
    }

    /** As above; {@code secrets} are removed from what read_file returns (a secret in a file never reaches the model). */
    public AgentTools(Path root, List<String> tools, List<String> writable, String runsFolder, Secrets secrets) {
        this.secrets = secrets;
        this.files = new RepoFiles(root);
        this.tools = List.copyOf(tools);
        this.writable = writable.stream().map(AgentTools::trim).filter(s -> !s.isEmpty()).distinct().toList();
        this.runsFolder = trim(runsFolder);
    }

    public List<String> writable() {
        return writable;
    }

    /** What a call did: the text for the model, whether it is an error, and the write (null when nothing was written). */
    public record Outcome(String content, boolean error, AgentRun.Write write) {
        static Outcome error(String message) {
            return new Outcome(message, true, null);
        }
    }

    public List<ToolChat.Tool> definitions() {
        List<ToolChat.Tool> out = new ArrayList<>();
        for (String t : tools) {
            switch (t) {
                case "read_file" -> out.add(new ToolChat.Tool("read_file", "Read a text file of the repository. Returns its "
                        + "contents. Paths are relative to the repository root.", schema(false)));
                case "write_file" -> out.add(new ToolChat.Tool("write_file", "Write a whole text file (created or replaced; "
                        + "parent folders are created). Only the gate's artifact path and required outputs may be written: "
                        + String.join(", ", writable), schema(true)));
                case "list_directory" -> out.add(new ToolChat.Tool("list_directory", "List a folder of the repository: names "
                        + "with type (file or directory) and size. Paths are relative to the repository root; use '.' for the root.",
                        schema(false)));
                default -> throw new IllegalArgumentException("unknown tool " + t);
            }
        }
        return out;
    }

    private static ObjectNode schema(boolean content) {
        ObjectNode s = Json.STRICT.createObjectNode();
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        props.putObject("path").put("type", "string").put("description", "Path relative to the repository root.");
        ArrayNode required = s.putArray("required");
        required.add("path");
        if (content) {
            props.putObject("content").put("type", "string").put("description", "The complete file content.");
            required.add("content");
        }
        return s;
    }

    public Outcome call(ToolChat.Call call, int round) {
        if (!tools.contains(call.name())) {
            return Outcome.error("unknown tool '" + call.name() + "': use one of " + tools);
        }
        JsonNode input = call.input();
        if (input == null) {
            return Outcome.error("the arguments of " + call.name() + " are not a JSON object: send {\"path\": ...}");
        }
        JsonNode path = input.get("path");
        if (path == null || !path.isString() || path.asString().isBlank()) {
            return Outcome.error("missing required parameter: path");
        }
        return switch (call.name()) {
            case "read_file" -> read(path.asString());
            case "list_directory" -> list(path.asString());
            default -> {
                JsonNode content = input.get("content");
                yield content == null || !content.isString() ? Outcome.error("missing required parameter: content (a string)")
                        : write(path.asString(), content.asString(), round);
            }
        };
    }

    private RepoFiles.Resolved confined(String path) {
        return files.resolve(path.equals(".") || path.equals("./") ? "" : path);
    }

    private static boolean secret(String rel) {
        for (String part : rel.split("/")) {
            if (part.equals(".git") || part.equals(".env") || part.startsWith(".env.")) {
                return true;
            }
        }
        return false;
    }

    Outcome read(String path) {
        RepoFiles.Resolved r = confined(path);
        if (r.refused()) {
            return Outcome.error("access denied: " + r.escape());
        }
        if (secret(r.relative())) {
            return Outcome.error("access denied: " + r.relative() + " is not readable by agents (.git and .env files hold secrets)");
        }
        if (!Files.exists(r.file())) {
            return Outcome.error("file not found: " + r.relative());
        }
        if (!Files.isRegularFile(r.file())) {
            return Outcome.error("not a file: " + r.relative() + " (use list_directory for folders)");
        }
        try {
            long size = Files.size(r.file());
            if (size > MAX_READ_BYTES) {
                return Outcome.error("file too large (" + size / 1024 + " KB; at most " + MAX_READ_BYTES / 1024 + " KB): " + r.relative());
            }
            return new Outcome(secrets.scrub(Files.readString(r.file(), StandardCharsets.UTF_8)), false, null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return Outcome.error("cannot read " + r.relative() + ": " + e.getMessage());
        }
    }

    Outcome list(String path) {
        RepoFiles.Resolved r = confined(path);
        if (r.refused()) {
            return Outcome.error("access denied: " + r.escape());
        }
        if (!r.relative().isEmpty() && secret(r.relative())) {
            return Outcome.error("access denied: " + r.relative() + " is not listed for agents");
        }
        if (!Files.exists(r.file())) {
            return Outcome.error("directory not found: " + (r.relative().isEmpty() ? "." : r.relative()));
        }
        if (!Files.isDirectory(r.file())) {
            return Outcome.error("not a directory: " + r.relative());
        }
        ArrayNode entries = Json.STRICT.createArrayNode();
        try (Stream<Path> s = Files.list(r.file())) {
            List<Path> sorted = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing((Path p) -> !Files.isDirectory(p)).thenComparing(p -> p.getFileName().toString()))
                    .toList();
            for (Path p : sorted) {
                ObjectNode e = entries.addObject();
                e.put("name", p.getFileName().toString());
                boolean dir = Files.isDirectory(p);
                e.put("type", dir ? "directory" : "file");
                if (!dir && Files.isRegularFile(p)) {
                    e.put("size", Files.size(p));
                }
            }
        } catch (IOException e) {
            return Outcome.error("cannot list " + r.relative() + ": " + e.getMessage());
        }
        return new Outcome(Json.STRICT.writeValueAsString(entries), false, null);
    }

    Outcome write(String path, String content, int round) {
        RepoFiles.Resolved r = confined(path);
        if (r.refused()) {
            return Outcome.error("access denied, nothing written: " + r.escape());
        }
        String rel = r.relative();
        if (rel.isEmpty() || secret(rel) || (!runsFolder.isEmpty() && under(rel, runsFolder))) {
            return Outcome.error("access denied, nothing written: " + (rel.isEmpty() ? "the repository root" : rel)
                    + " may not be written by agents");
        }
        if (writable.stream().noneMatch(w -> under(rel, w))) {
            return Outcome.error("access denied, nothing written: " + rel + " is outside what this gate may write ("
                    + String.join(", ", writable) + ")");
        }
        if (Files.isSymbolicLink(r.file())) {
            return Outcome.error("access denied, nothing written: " + rel + " is a symlink");
        }
        if (Files.isDirectory(r.file(), LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.error("not written: " + rel + " is a folder");
        }
        if (content.length() > MAX_WRITE_CHARS) {
            return Outcome.error("content too large (" + content.length() / 1024 + " KB; at most " + MAX_WRITE_CHARS / 1024 + " KB)");
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            PlainFiles.createFolders(r.file().getParent());
            // A folder created on the way must not have let the path out (a race with a symlink): check again.
            String again = files.symlinkEscape(r.file());
            if (again != null) {
                return Outcome.error("access denied, nothing written: " + rel + " " + again);
            }
            AtomicFiles.write(r.file(), bytes);
        } catch (IOException | RuntimeException e) {
            return Outcome.error("cannot write " + rel + ": " + e.getMessage());
        }
        return new Outcome("Success. " + bytes.length + " bytes written to " + rel + ".", false,
                new AgentRun.Write(rel, bytes.length, Sha256.hex(bytes), round));
    }

    private static boolean under(String rel, String prefix) {
        return rel.equals(prefix) || rel.startsWith(prefix + "/");
    }

    private static String trim(String p) {
        String s = p == null ? "" : p.replace('\\', '/').strip();
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
