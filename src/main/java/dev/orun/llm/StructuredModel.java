package dev.orun.llm;

/** A provider that answers structured requests: Anthropic, an OpenAI-compatible server, or a person (manual). */
public interface StructuredModel {
    /** The provider name as records show it: {@code anthropic}, {@code openai}, {@code manual}. */
    String provider();

    /** The model asked, or null when none (manual). */
    String model();

    /** Answers one request; throws {@code OrunException} (exit 5) when the service fails after its retries. */
    StructuredAnswer ask(StructuredRequest request);

    /** True when the provider keeps its own files in logs/ (the manual packets and answers). */
    default boolean keepsOwnLogs() {
        return false;
    }
}
