package dev.orun.agent;

import dev.orun.llm.ToolChat;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.OrunConfig;
import dev.orun.store.OrunPaths;
import tools.jackson.databind.JsonNode;

/**
 * {@code agents.prices} in orun.yaml: USD per million tokens by model ({@code input}, {@code output}, and optionally
 * {@code cache_read}, {@code cache_creation}; cached tokens cost {@code input} when their price is not given).
 * A price is looked up under the model that answered (a dated name such as {@code claude-sonnet-4-5-20250929}), then
 * under the name the gate asked for ({@code claude-sonnet-4-5}). A model listed under neither has no cost (null),
 * never a guessed one.
 */
public final class PriceTable {
    private final JsonNode prices;

    PriceTable(JsonNode prices) {
        this.prices = prices == null ? dev.orun.schema.Json.STRICT.createObjectNode() : prices;
    }

    /** No prices: every cost is null. */
    public static PriceTable none() {
        return new PriceTable(null);
    }

    public static PriceTable load(OrunPaths paths, SchemaValidator schemas) {
        JsonNode config = OrunConfig.tree(paths, schemas);
        return new PriceTable(config == null ? null : config.path("agents").get("prices"));
    }

    /** The cost of one call's tokens, or null when the model has no price. */
    public Double cost(String model, ToolChat.Usage u) {
        return cost(model, null, u);
    }

    /** As above, the price of {@code answered} (the provider's name for the model), else of {@code asked}. */
    public Double cost(String answered, String asked, ToolChat.Usage u) {
        JsonNode p = answered == null ? null : prices.get(answered);
        if (p == null && asked != null) {
            p = prices.get(asked);
        }
        if (p == null) {
            return null;
        }
        double in = p.path("input").asDouble(0);
        double cacheRead = p.has("cache_read") ? p.get("cache_read").asDouble() : in;
        double cacheCreation = p.has("cache_creation") ? p.get("cache_creation").asDouble() : in;
        long plain = Math.max(0, u.input() - u.cacheRead() - u.cacheCreation());
        double usd = (plain * in + u.cacheRead() * cacheRead + u.cacheCreation() * cacheCreation
                + u.output() * p.path("output").asDouble(0)) / 1_000_000.0;
        return Math.round(usd * 1_000_000.0) / 1_000_000.0;
    }
}
