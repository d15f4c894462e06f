package dev.orun.agent;

import dev.orun.schema.SyntaxProblem;
import dev.orun.error.OrunException;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;
import dev.orun.store.OrunConfig;
import dev.orun.store.OrunPaths;
import dev.orun.workflow.WorkflowGate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model routing table, the seed's {@code routing-table.json} read as it is: {@code defaults} and per-gate
 * {@code gates} entries (model, cumulative {@code max_input_tokens}/{@code max_output_tokens}, {@code max_tool_rounds},
 * temperature, tools). Found, in order: {@code agents.routing} in orun.yaml (the table itself),
 * {@code agents.routing_table} (a path), {@code orchestration/agents-runtime/routing-table.json}; else only orun's
 * defaults apply. A gate is a model gate when its workflow entry names a model or the table has an entry for it.
 */
public final class RoutingTable {
    public static final String SCHEMA = "routing-table.schema.json";
    public static final String SEED_PATH = "orchestration/agents-runtime/routing-table.json";
    public static final List<String> ALL_TOOLS = List.of("read_file", "write_file", "list_directory");
    /** The seed's fallbacks when neither the gate nor the defaults say. */
    static final String DEFAULT_MODEL = "claude-sonnet-4-5";
    static final long DEFAULT_MAX_INPUT = 80_000;
    static final long DEFAULT_MAX_OUTPUT = 20_000;
    static final int DEFAULT_MAX_ROUNDS = 8;
    static final double DEFAULT_TEMPERATURE = 0.7;
    /** The seed caps each call at 16,000 output tokens to keep single answers focused. */
    static final int DEFAULT_MAX_TOKENS_PER_CALL = 16_000;

    private final JsonNode table;
    private final String where;

    private RoutingTable(JsonNode table, String where) {
        this.table = table;
        this.where = where;
    }

    /** A table with no entries: only orun's defaults (and workflow models) apply. */
    public static RoutingTable none() {
        return new RoutingTable(Json.STRICT.createObjectNode(), null);
    }

    /** Where the table came from (repository-relative file, or orun.yaml), or null when there is none. */
    public String where() {
        return where;
    }

    public static RoutingTable load(OrunPaths paths, SchemaValidator schemas) {
        JsonNode config = OrunConfig.tree(paths, schemas);
        JsonNode agents = config == null ? null : config.get("agents");
        if (agents != null && agents.has("routing")) {
            return checked(agents.get("routing"), "orchestration/orun.yaml /agents/routing", schemas);
        }
        String rel = agents != null && agents.hasNonNull("routing_table") ? agents.get("routing_table").asString() : null;
        Path file;
        if (rel != null) {
            file = paths.resolveInside(rel, "orchestration/orun.yaml /agents/routing_table");
            if (!Files.isRegularFile(file)) {
                throw OrunException.notFound("orchestration/orun.yaml /agents/routing_table: " + rel
                        + " does not exist: fix the path or remove the setting");
            }
        } else {
            file = paths.root().resolve(SEED_PATH);
            if (!Files.isRegularFile(file)) {
                return none();
            }
        }
        String name = paths.relative(file);
        JsonNode tree;
        try {
            tree = Json.STRICT.readTree(file.toFile());
        } catch (JacksonException e) {
            throw OrunException.invalid(name + ": not valid JSON" + SyntaxProblem.ofJson(e).sentence());
        }
        return checked(tree, name, schemas);
    }

    private static RoutingTable checked(JsonNode tree, String where, SchemaValidator schemas) {
        List<Violation> v = schemas.validate(SCHEMA, tree);
        if (!v.isEmpty()) {
            throw OrunException.invalid(where + " " + (v.get(0).pointer().isEmpty() ? "/" : v.get(0).pointer()) + ": "
                    + v.get(0).message() + ": fix the routing table (schema: contracts/" + SCHEMA + ")");
        }
        return new RoutingTable(tree, where);
    }

    /** Whether the table has an entry for this gate (the defaults alone make no gate a model gate). */
    public boolean hasGate(String gate) {
        return table.path("gates").has(gate);
    }

    /** Whether a model agent does this gate: the workflow names a model, or the table has an entry for it. */
    public boolean isModelGate(WorkflowGate wg) {
        return !wg.hasExec() && (wg.model() != null || hasGate(wg.gate()));
    }

    /** The gates the table has entries for, in its order. */
    public List<String> gates() {
        List<String> out = new ArrayList<>();
        table.path("gates").propertyNames().forEach(out::add);
        return out;
    }

    /**
     * The table's run-wide caps ({@code budget}: {@code max_run_input_tokens}, {@code max_run_output_tokens},
     * {@code max_run_tool_rounds}), counted over every model-agent round of a run; none when
     * {@code abort_on_budget_exceeded} is false or the table has no budget.
     */
    public RunBudget runBudget() {
        JsonNode b = table.path("budget");
        if (b.isMissingNode() || !b.path("abort_on_budget_exceeded").asBoolean(true)) {
            return RunBudget.NONE;
        }
        return new RunBudget(b.hasNonNull("max_run_input_tokens") ? b.get("max_run_input_tokens").asLong() : null,
                b.hasNonNull("max_run_output_tokens") ? b.get("max_run_output_tokens").asLong() : null,
                b.hasNonNull("max_run_tool_rounds") ? b.get("max_run_tool_rounds").asLong() : null);
    }

    /** Run-wide caps; a null field is no cap. */
    public record RunBudget(Long maxInputTokens, Long maxOutputTokens, Long maxToolRounds) {
        public static final RunBudget NONE = new RunBudget(null, null, null);
    }

    public JsonNode tree() {
        return table;
    }

    /** The settings for a gate: the workflow's model over the gate's entry over the defaults over orun's defaults. */
    public AgentSettings resolve(String gate, WorkflowGate wg) {
        JsonNode g = table.path("gates").path(gate);
        JsonNode d = table.path("defaults");
        Map<String, String> sources = new LinkedHashMap<>();
        String model = wg != null && wg.model() != null ? put(sources, "model", "workflow", wg.model())
                : text(g, d, "model", sources, DEFAULT_MODEL, gate);
        String provider = g.hasNonNull("provider") || d.hasNonNull("provider") ? text(g, d, "provider", sources, null, gate)
                : put(sources, "provider", "from the model name", model.startsWith("claude") ? "anthropic" : "openai");
        long in = number(g, d, "max_input_tokens", sources, DEFAULT_MAX_INPUT, gate);
        long out = number(g, d, "max_output_tokens", sources, DEFAULT_MAX_OUTPUT, gate);
        int rounds = (int) number(g, d, "max_tool_rounds", sources, DEFAULT_MAX_ROUNDS, gate);
        int perCall = (int) number(g, d, "max_tokens_per_call", sources, DEFAULT_MAX_TOKENS_PER_CALL, gate);
        Double temperature = g.has("temperature") ? put(sources, "temperature", "routing gates." + gate, g.get("temperature").asDouble())
                : d.has("temperature") ? put(sources, "temperature", "routing defaults", d.get("temperature").asDouble())
                : put(sources, "temperature", "orun default", DEFAULT_TEMPERATURE);
        List<String> tools = new ArrayList<>();
        JsonNode t = g.has("tools") ? g.get("tools") : d.get("tools");
        if (t == null) {
            tools.addAll(ALL_TOOLS);
            sources.put("tools", "orun default");
        } else {
            t.forEach(x -> tools.add(x.asString()));
            sources.put("tools", g.has("tools") ? "routing gates." + gate : "routing defaults");
        }
        String rationale = g.hasNonNull("rationale") ? g.get("rationale").asString() : null;
        return new AgentSettings(gate, model, provider, in, out, rounds, perCall, temperature, tools, rationale, where, sources);
    }

    private static <T> T put(Map<String, String> sources, String key, String source, T value) {
        sources.put(key, source);
        return value;
    }

    private static String text(JsonNode g, JsonNode d, String key, Map<String, String> sources, String fallback, String gate) {
        if (g.hasNonNull(key)) {
            return put(sources, key, "routing gates." + gate, g.get(key).asString());
        }
        if (d.hasNonNull(key)) {
            return put(sources, key, "routing defaults", d.get(key).asString());
        }
        return put(sources, key, "orun default", fallback);
    }

    private static long number(JsonNode g, JsonNode d, String key, Map<String, String> sources, long fallback, String gate) {
        if (g.hasNonNull(key)) {
            return put(sources, key, "routing gates." + gate, g.get(key).asLong());
        }
        if (d.hasNonNull(key)) {
            return put(sources, key, "routing defaults", d.get(key).asLong());
        }
        return put(sources, key, "orun default", fallback);
    }
}
