package dev.orun.agent;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The resolved settings of one gate's model agent: model and provider, the budgets (input and output tokens are
 * cumulative over the attempt's rounds), the per-call output cap, temperature and tools. {@code sources} says where
 * each setting came from ({@code workflow}, {@code routing gates.G1}, {@code routing defaults}, {@code orun default}),
 * so {@code orun agent config} can show why a gate runs as it does.
 */
public record AgentSettings(String gate, String model, String provider, long maxInputTokens, long maxOutputTokens,
                            int maxToolRounds, int maxTokensPerCall, Double temperature, List<String> tools,
                            String rationale, String table, Map<String, String> sources) {
    public AgentSettings {
        requireNonNull(gate, "gate");
        requireNonNull(model, "model");
        requireNonNull(provider, "provider");
        tools = List.copyOf(tools);
        sources = Map.copyOf(sources);
    }
}
