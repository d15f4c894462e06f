package dev.orun.serve;

import dev.orun.run.RunRecord;
import dev.orun.schema.Json;
import dev.orun.store.AtomicFiles;
import dev.orun.store.RunStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code POST /runs} with the seed's body ({@code prd_text}, {@code org_constraints_yaml}, {@code requested_by},
 * {@code source}): a plan run holding the PRD, as {@code orun plan --prd} makes one, left for {@code orun plan --run ID}
 * (the planner workflow {@code orun dispatch planner} starts). The PRD is {@code record/inputs/prd.md}; the rest of
 * the request is kept beside it in {@code record/inputs/request.json}, so {@code GET /runs/{runId}} gives it back.
 */
final class SeedRequest {
    static final String FILE = "request.json";

    private final RunStore store;
    private final Supplier<dev.orun.plan.PlanService> plans;

    SeedRequest(RunStore store, Supplier<dev.orun.plan.PlanService> plans) {
        this.store = store;
        this.plans = plans;
    }

    RunRecord create(JsonNode body) {
        String prd = body.get("prd_text").asString();
        RunRecord run = plans.get().open(prd, slug(prd));
        ObjectNode rest = Json.STRICT.createObjectNode();
        for (String f : java.util.List.of("org_constraints_yaml", "requested_by", "source")) {
            if (body.has(f)) {
                rest.set(f, body.get(f));
            }
        }
        if (!rest.isEmpty()) {
            AtomicFiles.write(store.paths().recordDir(run.runId()).resolve("inputs").resolve(FILE), Json.prettyBytes(rest));
        }
        return run;
    }

    /** The slug of a PRD's run: its first heading or line, in slug form ({@code prd} when nothing is left). */
    static String slug(String prd) {
        String first = prd.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        String s = first.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "prd" : s;
    }
}
