import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Build step, run by the pom in the verify phase: says how many tests were skipped and why, grouped by the reason
 * each gave (a test that needs ../shared names the missing path in it). It reads the {@code <skipped>} entries of
 * surefire's reports, and the classes skipped whole (an assumption in {@code @BeforeAll}, which surefire reports as
 * "Tests run: 0" with no reason) from the file the tests' AbortedClassesRecorder writes. A fresh clone, which has
 * no ../shared beside it, passes with the compatibility and conformance tests skipped, and this says so; with
 * {@code fail} (.ci/run sets {@code -Dorun.skipped-tests=fail}) any skipped test fails the build.
 *   java src/build/SkippedTests.java target/surefire-reports target/skipped-classes.tsv report|fail
 */
public final class SkippedTests {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        boolean fail = args.length > 2 && args[2].equals("fail");
        if (!Files.isDirectory(dir)) {
            System.out.println("[orun] no test reports in " + dir + " (tests not run)");
            return;
        }
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir)) {
            reports = s.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder parser = factory.newDocumentBuilder();
        Map<String, List<String>> byReason = new TreeMap<>(); // reason -> the class of each test it skipped
        int run = 0;
        for (Path report : reports) {
            NodeList cases = parser.parse(report.toFile()).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                run++;
                NodeList skips = c.getElementsByTagName("skipped");
                if (skips.getLength() > 0) {
                    Element skip = (Element) skips.item(0);
                    // @Disabled gives a message attribute; a failed assumption its exception as the text.
                    String message = skip.getAttribute("message").strip();
                    if (message.isEmpty()) {
                        message = skip.getTextContent().strip().lines().findFirst().orElse("")
                                .replaceFirst("^[\\w.$]+Exception: ", "").replaceFirst("^Assumption failed: ", "");
                    }
                    add(byReason, message, c.getAttribute("classname"), 1);
                }
            }
        }
        if (Files.isRegularFile(classes)) {
            for (String line : Files.readAllLines(classes)) {
                String[] f = line.split("\t", 3);
                if (f.length == 3) {
                    add(byReason, f[2], f[1], Integer.parseInt(f[0]));
                    run += Integer.parseInt(f[0]);
                }
            }
        }
        int skipped = byReason.values().stream().mapToInt(List::size).sum();
        if (skipped == 0) {
            System.out.println("[orun] " + run + " tests, none skipped");
            return;
        }
        int needShared = byReason.entrySet().stream().filter(e -> e.getKey().contains("shared"))
                .mapToInt(e -> e.getValue().size()).sum();
        System.out.println("[orun] " + skipped + " of " + run + " tests skipped (" + needShared + " compatibility and"
                + " conformance tests need ../shared, the compatibility data and fakes, beside the project); by reason:");
        for (var e : byReason.entrySet()) {
            System.out.println("[orun]   " + e.getValue().size() + " × " + e.getKey() + "  ("
                    + String.join(", ", new TreeSet<>(e.getValue())) + ")");
        }
        if (fail) {
            System.out.println("[orun] FAILED: with -Dorun.skipped-tests=fail every test must run; provide what the"
                    + " reasons above name");
            System.exit(1);
        }
    }

    private static void add(Map<String, List<String>> byReason, String message, String className, int tests) {
        String reason = message.isBlank() ? "(no reason given)" : message.strip().replaceFirst("^skipped: ", "");
        List<String> list = byReason.computeIfAbsent(reason, k -> new ArrayList<>());
        for (int i = 0; i < tests; i++) {
            list.add(className.substring(className.lastIndexOf('.') + 1));
        }
    }
}
