package dev.orun.workflow;

import dev.orun.error.OrunException;
import dev.orun.store.AppendLog;
import dev.orun.store.PlainFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The working tree as it was, to put back what scripts changed (a fixture's pre-scripts edit tracked files). In a
 * git repository the snapshot is a private index (a copy of git's, then {@code git add -A} into it), so every
 * tracked and untracked file that git status would show is kept as a blob and nothing of the user's index,
 * HEAD or stash changes; {@link #restore} checks out of it what differs and deletes what is new. Ignored files are
 * not kept (git status does not show them). Outside git, the files themselves are copied into memory
 * (up to {@link #COPY_LIMIT} bytes; {@code .git}, {@code node_modules} and the skipped folders left out).
 */
public interface WorkingTreeSnapshot extends AutoCloseable {
    long COPY_LIMIT = 256L * 1024 * 1024;

    /** Puts back every file that changed since the snapshot; returns the paths restored or removed, sorted. */
    List<String> restore();

    @Override
    void close();

    /** A git snapshot when {@code root} is inside a work tree and git runs, else an in-memory copy. */
    static WorkingTreeSnapshot take(Path root, Set<Path> skipped) {
        Path top = Git.topLevel(root);
        return top != null ? new Git(top) : new Copy(root, skipped);
    }

    /** The git form: a private index holds the tree as it was. */
    final class Git implements WorkingTreeSnapshot {
        private static final long TIMEOUT_SECONDS = 120;
        private final Path top;
        private final Path index;

        Git(Path top) {
            this.top = top;
            try {
                this.index = PlainFiles.scratchFile("orun-snapshot-", ".index");
                String gitIndex = run(null, null, "rev-parse", "--git-path", "index").strip();
                Path real = top.resolve(gitIndex);
                if (Files.isRegularFile(real)) {
                    // Starting from git's own index lets 'add -A' skip every file whose stat is unchanged.
                    PlainFiles.copy(real, index);
                } else {
                    PlainFiles.delete(index);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a private git index: " + e.getMessage(), e);
            }
            run(index, null, "add", "-A", "--", ".");
        }

        static Path topLevel(Path root) {
            try {
                Process p = new ProcessBuilder("git", "rev-parse", "--show-toplevel").directory(root.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                    p.destroyForcibly();
                    return null;
                }
                return Path.of(out).toAbsolutePath().normalize();
            } catch (IOException e) {
                return null; // no git on PATH
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public List<String> restore() {
            Set<String> changed = new TreeSet<>(split(run(index, null, "diff", "--no-ext-diff", "--name-only", "-z", "--no-renames")));
            Set<String> added = new TreeSet<>(split(run(index, null, "ls-files", "-z", "--others", "--exclude-standard")));
            if (!changed.isEmpty()) {
                run(index, String.join("\0", changed) + "\0", "checkout-index", "-f", "-z", "--stdin");
            }
            for (String rel : added) {
                try {
                    PlainFiles.delete(top.resolve(rel));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + rel + ", which a script created: " + e.getMessage(), e);
                }
            }
            Set<String> all = new TreeSet<>(changed);
            all.addAll(added);
            return new ArrayList<>(all);
        }

        @Override
        public void close() {
            PlainFiles.deleteQuietly(index); // a temp file left in the system's temp folder is harmless
        }

        private static List<String> split(String z) {
            return Arrays.stream(z.split("\0")).filter(s -> !s.isEmpty()).toList();
        }

        private String run(Path privateIndex, String stdin, String... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add("git");
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(top.toFile());
            if (privateIndex != null) {
                pb.environment().put("GIT_INDEX_FILE", privateIndex.toString());
            }
            // The snapshot must not fire the user's hooks or pagers, nor take locks on the real index.
            pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
            pb.environment().put("GIT_TERMINAL_PROMPT", "0");
            Path errFile = null;
            try {
                // stderr to a file: a pipe read after stdout could fill and stall git.
                errFile = PlainFiles.scratchFile("orun-git-", ".err");
                pb.redirectError(AppendLog.childOutput(errFile));
                Process p = pb.start();
                if (stdin != null) {
                    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw OrunException.failed("git " + String.join(" ", args) + " took over " + TIMEOUT_SECONDS
                            + " s in " + top + ": the working tree snapshot could not be taken or restored");
                }
                if (p.exitValue() != 0) {
                    String errText = Files.readString(errFile).strip();
                    throw OrunException.failed("git " + String.join(" ", args) + " failed in " + top + ": " + errText
                            + ": fix the repository (git status) and run again");
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run git: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw OrunException.failed("interrupted while running git " + String.join(" ", args));
            } finally {
                if (errFile != null) {
                    PlainFiles.deleteQuietly(errFile);
                }
            }
        }
    }

    /** The form outside git: every file's bytes in memory. */
    final class Copy implements WorkingTreeSnapshot {
        private static final Set<String> SKIPPED_NAMES = Set.of(".git", "node_modules");
        private final Path root;
        private final Set<Path> skipped;
        private final Map<Path, byte[]> files;

        Copy(Path root, Set<Path> skipped) {
            this.root = root.toAbsolutePath().normalize();
            this.skipped = Set.copyOf(skipped.stream().map(p -> p.toAbsolutePath().normalize()).toList());
            this.files = read();
        }

        private Map<Path, byte[]> read() {
            Map<Path, byte[]> out = new HashMap<>();
            long[] total = {0};
            walk(file -> {
                byte[] bytes = Files.readAllBytes(file);
                total[0] += bytes.length;
                if (total[0] > COPY_LIMIT) {
                    throw OrunException.failed(root + " is not in a git repository and holds more than "
                            + COPY_LIMIT / (1024 * 1024) + " MiB: make it a git repository (git init), so that what"
                            + " scripts change can be restored from a snapshot of the index");
                }
                out.put(file, bytes);
            });
            return out;
        }

        @Override
        public List<String> restore() {
            Set<String> touched = new TreeSet<>();
            List<Path> now = new ArrayList<>();
            walk(now::add);
            for (Path f : now) {
                if (!files.containsKey(f)) {
                    try {
                        PlainFiles.delete(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot remove " + relative(f) + ", which a script created: " + e.getMessage(), e);
                    }
                    touched.add(relative(f));
                }
            }
            for (var e : files.entrySet()) {
                try {
                    if (!Files.isRegularFile(e.getKey()) || !Arrays.equals(Files.readAllBytes(e.getKey()), e.getValue())) {
                        PlainFiles.putBack(e.getKey(), e.getValue());
                        touched.add(relative(e.getKey()));
                    }
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot restore " + relative(e.getKey()) + ": " + ex.getMessage(), ex);
                }
            }
            return new ArrayList<>(touched);
        }

        @Override
        public void close() {
            files.clear();
        }

        private String relative(Path p) {
            return root.relativize(p).toString().replace('\\', '/');
        }

        private interface FileAction {
            void accept(Path file) throws IOException;
        }

        private void walk(FileAction action) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        Path n = dir.toAbsolutePath().normalize();
                        boolean skip = !n.equals(root) && (skipped.contains(n) || SKIPPED_NAMES.contains(n.getFileName().toString()));
                        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (attrs.isRegularFile()) {
                            action.accept(file.toAbsolutePath().normalize());
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the working tree " + root + ": " + e.getMessage(), e);
            }
        }
    }
}
