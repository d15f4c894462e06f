package dev.orun.cli;

import dev.orun.cli.support.CliContext;
import dev.orun.cli.support.OrunFactory;
import dev.orun.run.GateState;
import dev.orun.run.GateStatus;
import dev.orun.run.RunIds;
import dev.orun.run.RunRecord;
import dev.orun.run.RunStatus;
import dev.orun.run.Times;
import dev.orun.run.WorkflowRef;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.LoadedRun;
import dev.orun.store.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hidden: the launcher runs this once with {@code -XX:ArchiveClassesAtExit} to make a class-data-sharing
 * archive of the classes everyday commands load (picocli models, Jackson, the schema validator), so later
 * starts map them instead of loading them. It touches no file of the user's.
 */
@Command(name = "__cds-train", hidden = true)
public final class CdsTrainCommand implements Runnable {
    @Override
    public void run() {
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(sink);
        // Every command's model and help.
        OrunFactory factory = new OrunFactory(CliContext.system());
        CommandLine all = new CommandLine(OrunCommand.class, factory);
        CommandTree.orun().attach(all, factory, List.of());
        for (CommandLine sub : all.getSubcommands().values()) {
            sub.usage(out);
            sub.getSubcommands().values().forEach(s -> s.usage(out));
        }
        // A record written, read back, validated and rendered as run list/show do.
        Instant now = Instant.now();
        String ts = Times.iso(now);
        RunRecord run = new RunRecord(RunRecord.SCHEMA_VERSION, RunIds.newRunId("train", now),
                new WorkflowRef("hello", "1", "train", "out/train"), "standard", Map.of("k", "v"), null, null,
                RunStatus.RUNNING, ts, null, List.of(new GateState("G1", "Gate", GateStatus.NOT_STARTED, List.of())),
                List.of(), List.of(), List.of(), List.of()).withEvent(ts, "RUN_STARTED", "training", null, null);
        SchemaValidator schemas = new SchemaValidator();
        JsonNode tree = Json.STRICT.readTree(Json.pretty(run));
        schemas.validate(SchemaValidator.RUN, tree);
        LoadedRun loaded = new LoadedRun(run.runId(), Path.of("RUN.json"), tree, Json.STRICT.treeToValue(tree, RunRecord.class));
        RunSummary.of(loaded);
        RunShowCommand.render(out, loaded);
        // A workflow read from YAML and validated.
        try (InputStream in = CdsTrainCommand.class.getResourceAsStream("/scaffold/orchestration/workflows/hello.yaml")) {
            if (in != null) {
                schemas.validate(SchemaValidator.WORKFLOW, Json.yaml().readTree(in));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.flush();
    }
}
