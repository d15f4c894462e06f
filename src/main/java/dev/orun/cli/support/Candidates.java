package dev.orun.cli.support;

import dev.orun.run.RunStatus;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates of options and parameters. Fixed sets (run statuses, depths) are listed; the repository's
 * workflows and runs are a marker that {@code orun completion} turns into a call of {@code orun __complete}, so
 * the script offers what is there when TAB is pressed.
 */
public final class Candidates {
    /** Marks where the completion script asks {@code orun __complete runs}. */
    public static final String RUNS = "__orun_complete_runs__";
    /** Marks where the completion script asks {@code orun __complete workflows}. */
    public static final String WORKFLOWS = "__orun_complete_workflows__";

    private Candidates() {
    }

    public static final class RunStatuses implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(RunStatus.values()).map(Enum::name).iterator();
        }
    }

    public static final class Depths implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return dev.orun.run.RunRecord.DEPTHS.iterator();
        }
    }

    public static final class Runs implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(RUNS).iterator();
        }
    }

    public static final class Workflows implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(WORKFLOWS).iterator();
        }
    }
}
