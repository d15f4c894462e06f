import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The least a JVM program can do for a warm {@code orun run list} (bench/scale.sh times it): list the runs
 * folder, stat every run's RUN.json on two threads (as the listing index must, to see a run changed behind its
 * back), read the index file and copy it to stdout. No parsing, filtering, formatting or reaping. Its time over
 * an empty Java main bounds from below what any Java {@code run list} can reach against {@code orun --version}.
 *   java ListFloor RUNS_DIR
 */
public final class ListFloor {
    public static void main(String[] args) throws Exception {
        String runs = args[0];
        String[] names = new File(runs).list();
        long[] sizes = new long[names.length];
        Thread helper = new Thread(() -> stat(runs, names, sizes, names.length / 2, names.length));
        helper.start();
        stat(runs, names, sizes, 0, names.length / 2);
        helper.join();
        byte[] index = Files.readAllBytes(Path.of(runs, ".cache", "run-index.tsv"));
        try (FileOutputStream out = new FileOutputStream(FileDescriptor.out)) {
            out.write(index);
        }
    }

    private static void stat(String runs, String[] names, long[] sizes, int from, int to) {
        for (int i = from; i < to; i++) {
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(runs, names[i], "record", "RUN.json"), BasicFileAttributes.class);
                sizes[i] = a.size() ^ a.lastModifiedTime().toMillis();
            } catch (Exception e) {
                sizes[i] = -1;
            }
        }
    }
}
