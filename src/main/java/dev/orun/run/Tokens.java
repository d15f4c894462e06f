package dev.orun.run;

/** Token counts of one invocation. */
public record Tokens(long prompt, long completion, long total) {
    public static final Tokens ZERO = new Tokens(0, 0, 0);

    public static Tokens of(long prompt, long completion) {
        return new Tokens(prompt, completion, prompt + completion);
    }
}
