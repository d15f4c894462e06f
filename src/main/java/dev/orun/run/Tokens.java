package dev.orun.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Token counts of one invocation. {@code prompt} counts every input token the provider billed (uncached, cache read
 * and cache creation); {@code cacheRead}/{@code cacheCreation} say how many of them were cache reads and writes, and
 * are absent for calls that report none (older records have neither).
 */
public record Tokens(long prompt, long completion, long total,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Long cacheRead,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Long cacheCreation) {
    public static final Tokens ZERO = new Tokens(0, 0, 0);

    public Tokens(long prompt, long completion, long total) {
        this(prompt, completion, total, null, null);
    }

    public static Tokens of(long prompt, long completion) {
        return new Tokens(prompt, completion, prompt + completion);
    }
}
