package dev.orun.serve;

import dev.orun.http.Sleeper;
import dev.orun.llm.Providers;
import dev.orun.plan.PlanService;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.RunStore;
import dev.orun.workflow.AgentRunner;
import dev.orun.workflow.GateService;
import dev.orun.workflow.Pipeline;
import dev.orun.workflow.RunService;
import dev.orun.workflow.WorkflowCatalog;

import java.time.Clock;
import java.util.Map;

/**
 * What the server works on: the same store, catalog and validator the CLI builds, the clock and the environment
 * (with {@code .env} merged). The services come from here, so the server can do nothing the CLI could not.
 */
public record ServeContext(RunStore store, WorkflowCatalog workflows, SchemaValidator schemas, Clock clock,
                           Map<String, String> env, String version) {
    public ServeContext {
        env = Map.copyOf(env);
    }

    public RunService runs() {
        return new RunService(store, workflows, clock);
    }

    public GateService gates() {
        return new GateService(store, workflows, schemas, clock, env);
    }

    public Pipeline pipeline() {
        GateService gates = gates();
        return new Pipeline(store, workflows, runs(), gates, new AgentRunner(store, workflows, gates, clock, env), clock);
    }

    public PlanService plans() {
        return new PlanService(store, schemas, new Providers(env, Sleeper.REAL, clock), env, clock, version);
    }
}
