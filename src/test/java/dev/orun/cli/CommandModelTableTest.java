package dev.orun.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build step that writes the fast path's table describes what the fast path can parse as picocli does, and
 * fails the build, naming the option, on anything else (a command of {@link FastPath#COMMANDS} gaining one).
 */
class CommandModelTableTest {
    enum Colour { RED, GREEN }

    static final class Target {
        @Option(names = "--run", required = true)
        String run;
    }

    static final class Nested {
        @Mixin
        Target target;

        @Option(names = "--gate")
        String gate;
    }

    @Command(name = "good")
    static final class Good implements Callable<Integer> {
        @Mixin
        Nested nested;

        @Option(names = "--var")
        Map<String, String> vars = new TreeMap<>();

        @Option(names = "--tag")
        List<String> tags;

        @Option(names = "--colour", defaultValue = "RED")
        Colour colour;

        @Option(names = "--n", defaultValue = "0")
        long n;

        @Option(names = "--cost")
        Double cost;

        @Override
        public Integer call() {
            return 0;
        }
    }

    static String rows(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        StringBuilder sb = new StringBuilder();
        CommandModelTable.render(sb, "good", cl.getCommandSpec());
        return sb.toString();
    }

    @Test
    void repeated_maps_and_lists_enums_numbers_and_nested_mixins_are_described() {
        assertEquals(String.join("\n",
                "command\tgood\t" + Good.class.getName(),
                "mixin\tgood\tnested",
                "mixin\tgood\tnested.target",
                "option\tgood\t--run\t1\ttrue\tnested.target\trun\tjava.lang.String\t",
                "option\tgood\t--gate\t1\tfalse\tnested\tgate\tjava.lang.String\t",
                "option\tgood\t--var\t1\tfalse\t\tvars\tjava.util.Map<java.lang.String,java.lang.String>\t",
                "option\tgood\t--tag\t1\tfalse\t\ttags\tjava.util.List<java.lang.String>\t",
                "option\tgood\t--colour\t1\tfalse\t\tcolour\tenum-ignore-case:" + Colour.class.getName() + "\tRED",
                "option\tgood\t--n\t1\tfalse\t\tn\tlong\t0",
                "option\tgood\t--cost\t1\tfalse\t\tcost\tjava.lang.Double\t") + "\n", rows(new Good()));
    }

    static final class Upper implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return value.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @Command(name = "converted")
    static final class Converted implements Runnable {
        @Option(names = "--name", converter = Upper.class)
        String name;

        @Override
        public void run() {
        }
    }

    @Command(name = "set")
    static final class Sets implements Runnable {
        @Option(names = "--tag")
        Set<String> tags;

        @Override
        public void run() {
        }
    }

    @Command(name = "sorted")
    static final class Sorted implements Runnable {
        @Option(names = "--var")
        TreeMap<String, String> vars;

        @Override
        public void run() {
        }
    }

    @Command(name = "duration")
    static final class Durations implements Runnable {
        @Option(names = "--timeout")
        Duration timeout;

        @Override
        public void run() {
        }
    }

    @Command(name = "defaulted")
    static final class DefaultedList implements Runnable {
        @Option(names = "--tag", defaultValue = "a")
        List<String> tags;

        @Override
        public void run() {
        }
    }

    @Command(name = "numbers")
    static final class Numbers implements Runnable {
        @Option(names = "--n")
        List<Integer> numbers;

        @Option(names = "--big")
        java.math.BigDecimal big;

        @Override
        public void run() {
        }
    }

    @Command(name = "spec")
    static final class WithSpec implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
        }
    }

    @Command(name = "both")
    static final class Both implements Runnable, Callable<Integer> {
        @Override
        public void run() {
        }

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "optional")
    static final class OptionalValue implements Runnable {
        @Option(names = "--level", arity = "0..1", fallbackValue = "1")
        String level;

        @Override
        public void run() {
        }
    }

    private static void refused(Object command, String names) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rows(command), command.getClass().getSimpleName());
        assertTrue(e.getMessage().contains(names) && e.getMessage().contains("cannot parse"), e.getMessage());
    }

    @Test
    void an_option_the_fast_path_cannot_parse_as_picocli_does_fails_the_build_naming_it() {
        refused(new Converted(), "--name");
        refused(new Sets(), "--tag");
        refused(new Sorted(), "--var");
        refused(new Durations(), "--timeout");
        refused(new DefaultedList(), "--tag");
        refused(new Numbers(), "--big");
        refused(new WithSpec(), "spec");
        refused(new Both(), "Runnable or Callable");
        refused(new OptionalValue(), "--level");
    }
}
