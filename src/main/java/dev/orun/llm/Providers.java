package dev.orun.llm;

import dev.orun.error.OrunException;
import dev.orun.http.HttpPolicy;
import dev.orun.http.Sleeper;
import dev.orun.store.OrunPaths;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Chooses and configures a provider from the variables (environment over .env). Everything that can be wrong with
 * the configuration is said here, before any request. The key is held only by the client it is given to.
 */
public final class Providers {
    public static final List<String> NAMES = List.of("anthropic", "openai", "manual");

    private final Map<String, String> env;
    private final Sleeper sleeper;
    private final Clock clock;

    public Providers(Map<String, String> env, Sleeper sleeper, Clock clock) {
        this.env = env;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** {@code anthropic} when ANTHROPIC_API_KEY is set, else {@code manual}. */
    public String defaultName() {
        return isSet("ANTHROPIC_API_KEY") ? "anthropic" : "manual";
    }

    /** What a plan with this provider needs, checked now (exit 2 naming the variable); returns the model name. */
    public String check(String provider, String modelOverride) {
        switch (provider) {
            case "anthropic" -> {
                if (!isSet("ANTHROPIC_API_KEY")) {
                    throw OrunException.usage("--provider anthropic needs ANTHROPIC_API_KEY: set it in the environment or in "
                            + ".env at the repository root (or use --provider openai or manual)");
                }
                timeout("ANTHROPIC_TIMEOUT_MS");
                key("ANTHROPIC_API_KEY");
                return modelOverride != null ? modelOverride : get("ANTHROPIC_MODEL", AnthropicClient.DEFAULT_MODEL);
            }
            case "openai" -> {
                String base = get("OPENAI_BASE_URL", OpenAiClient.DEFAULT_BASE_URL);
                if (AnthropicClient.trimSlash(base).equals(OpenAiClient.DEFAULT_BASE_URL) && !isSet("OPENAI_API_KEY")) {
                    throw OrunException.usage("--provider openai with api.openai.com needs OPENAI_API_KEY: set it in the "
                            + "environment or .env (a local server needs OPENAI_BASE_URL, e.g. http://localhost:11434/v1)");
                }
                key("OPENAI_API_KEY");
                String model = modelOverride != null ? modelOverride : env.get("OPENAI_MODEL");
                if (model == null || model.isBlank()) {
                    throw OrunException.usage("--provider openai needs a model: set OPENAI_MODEL or pass --model");
                }
                timeout("OPENAI_TIMEOUT_MS");
                return model;
            }
            case "manual" -> {
                return null;
            }
            default -> throw OrunException.usage("--provider '" + provider + "' is not a provider: use one of " + NAMES);
        }
    }

    public StructuredModel create(String provider, String model, Path planLogs, OrunPaths paths, String runId) {
        return switch (provider) {
            case "anthropic" -> new AnthropicClient(get("ANTHROPIC_BASE_URL", AnthropicClient.DEFAULT_BASE_URL),
                    key("ANTHROPIC_API_KEY"), get("ANTHROPIC_VERSION", AnthropicClient.DEFAULT_VERSION), model,
                    AnthropicClient.policy(timeout("ANTHROPIC_TIMEOUT_MS")), sleeper, clock);
            case "openai" -> new OpenAiClient(get("OPENAI_BASE_URL", OpenAiClient.DEFAULT_BASE_URL), key("OPENAI_API_KEY"),
                    model, HttpPolicy.defaults(timeout("OPENAI_TIMEOUT_MS"), AnthropicClient.RETRY_STATUSES), sleeper, clock);
            case "manual" -> new ManualProvider(planLogs, paths, runId);
            default -> throw OrunException.usage("--provider '" + provider + "' is not a provider: use one of " + NAMES);
        };
    }

    /** A tool-use chat for a model agent ({@code anthropic} or {@code openai}); {@link #check} it first. */
    public ToolChat toolChat(String provider, String model) {
        return switch (provider) {
            case "anthropic" -> new AnthropicToolChat(new AnthropicClient(get("ANTHROPIC_BASE_URL", AnthropicClient.DEFAULT_BASE_URL),
                    key("ANTHROPIC_API_KEY"), get("ANTHROPIC_VERSION", AnthropicClient.DEFAULT_VERSION), model,
                    AnthropicClient.policy(timeout("ANTHROPIC_TIMEOUT_MS")), sleeper, clock));
            case "openai" -> new OpenAiToolChat(new OpenAiClient(get("OPENAI_BASE_URL", OpenAiClient.DEFAULT_BASE_URL),
                    key("OPENAI_API_KEY"), model, HttpPolicy.defaults(timeout("OPENAI_TIMEOUT_MS"), AnthropicClient.RETRY_STATUSES),
                    sleeper, clock));
            default -> throw OrunException.usage("provider '" + provider + "' cannot run a model agent: use anthropic or openai");
        };
    }

    /**
     * The key, stripped; one that cannot go in an HTTP header (a control character such as a trailing CR from a
     * Windows .env, a space, a non-ASCII letter) is refused here, naming the variable and never the value — the
     * HTTP library's own error would quote it.
     */
    private String key(String variable) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            return null;
        }
        String key = v.strip();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw OrunException.usage(variable + " holds a character that cannot go in an HTTP header (character "
                        + (i + 1) + " of " + key.length() + " is " + (c < 0x20 ? "a control character" : c == ' ' ? "a space"
                        : "not ASCII") + "): set it again, copied from the provider's console");
            }
        }
        return key;
    }

    private Duration timeout(String variable) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            return AnthropicClient.DEFAULT_TIMEOUT;
        }
        try {
            long ms = Long.parseLong(v.strip());
            if (ms < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw OrunException.usage(variable + "='" + v + "' is not a positive number of milliseconds: set e.g. 45000");
        }
    }

    private boolean isSet(String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private String get(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }
}
