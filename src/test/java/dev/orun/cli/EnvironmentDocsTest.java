package dev.orun.cli;

import dev.orun.cli.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment variables have one source: the man page is made from it, docs/cli.md and the code are checked against it. */
class EnvironmentDocsTest {
    static final String START = "<!-- environment: generated from EnvironmentVariables.ALL -->\n";
    static final String END = "<!-- /environment -->";

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"docs/cli.md", "README.md"})
    void the_docs_hold_the_table_of_the_one_list(String file) throws IOException {
        String doc = Files.readString(Path.of(file));
        int a = doc.indexOf(START);
        int b = doc.indexOf(END);
        assertTrue(a >= 0 && b > a, file + " has the environment block between " + START.strip() + " and " + END);
        assertEquals(EnvironmentVariables.markdown(), doc.substring(a + START.length(), b),
                file + "'s environment table differs from EnvironmentVariables.ALL: paste EnvironmentVariables.markdown()");
    }

    @Test
    void the_man_page_documents_each_variable_of_the_list_and_no_other() {
        String man = ManPage.render();
        String section = man.substring(man.indexOf(".SH ENVIRONMENT"), man.indexOf(".SH SEE ALSO"));
        for (EnvironmentVariables.Variable v : EnvironmentVariables.ALL) {
            assertTrue(section.contains(".B " + v.name() + "\n"), "orun.1 documents " + v.name());
        }
        assertEquals(EnvironmentVariables.ALL.size(), section.split("\\.TP\n").length - 1, section);
        assertFalse(section.contains("NO_COLOR"), "orun prints no colour, so NO_COLOR changes nothing");
    }

    @Test
    void every_orun_variable_the_code_or_the_launcher_reads_is_in_the_list() throws IOException {
        Set<String> read = new TreeSet<>();
        Pattern java = Pattern.compile("(?:env\\.get|env|getOrDefault|isSet)\\(\\s*\"(ORUN_[A-Z_]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = java.matcher(Files.readString(f));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        Matcher m = Pattern.compile("\\$\\{(ORUN_[A-Z_]+)").matcher(Files.readString(Path.of("orun")));
        while (m.find()) {
            read.add(m.group(1));
        }
        assertTrue(read.containsAll(Set.of("ORUN_ROOT", "ORUN_CDS")), "the scan finds what orun reads: " + read);
        Set<String> listed = EnvironmentVariables.ALL.stream().map(EnvironmentVariables.Variable::name).collect(Collectors.toSet());
        read.removeAll(listed);
        assertEquals(Set.of(), read, "orun reads these, which EnvironmentVariables.ALL does not document");
    }
}
