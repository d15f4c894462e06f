package dev.orun.store;

import dev.orun.run.InvocationStatus;
import dev.orun.schema.SchemaValidator;
import dev.orun.workflow.RunService;
import dev.orun.workflow.WorkflowCatalog;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Test child process: records invocations on one run as fast as it can, until killed. */
public final class RecordLoop {
    public static void main(String[] args) {
        OrunPaths paths = RootLocator.locate(Path.of(args[0]), Map.of(), Path.of(args[0]));
        SchemaValidator schemas = new SchemaValidator();
        RunStore store = new RunStore(paths, schemas, Duration.ofSeconds(30));
        RunService runs = new RunService(store, new WorkflowCatalog(paths, schemas), Clock.systemUTC());
        for (int i = 0; ; i++) {
            runs.recordInvocation(args[1], new RunService.InvocationRequest("G1", "loop-" + i, InvocationStatus.SUCCESS,
                    "m", "p", i, i, 0.001, 1L));
            if (i == 0) {
                // Say so only once warm and writing, so that kills land in the middle of writes, not of start-up.
                System.out.println("writing");
                System.out.flush();
            }
        }
    }
}
