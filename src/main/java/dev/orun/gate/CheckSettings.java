package dev.orun.gate;

import java.time.Duration;
import java.util.Map;

/**
 * How checks that reach outside the files behave: {@code offline} (network checks are not made, and say so),
 * the time per URL and how many URLs are probed at once, and the time limit of one regex over one file.
 */
public record CheckSettings(boolean offline, Duration urlTimeout, int urlParallelism, Duration regexLimit) {
    public static final Duration URL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The defaults, and what the environment sets: {@code ORUN_OFFLINE=1} (or true) means offline,
     * {@code ORUN_URL_TIMEOUT} (e.g. {@code 3s}) the time per URL.
     */
    public static CheckSettings from(Map<String, String> env) {
        String off = env == null ? null : env.get("ORUN_OFFLINE");
        boolean offline = off != null && (off.equals("1") || off.equalsIgnoreCase("true") || off.equalsIgnoreCase("yes"));
        String t = env == null ? null : env.get("ORUN_URL_TIMEOUT");
        Duration urlTimeout = t == null || t.isBlank() ? URL_TIMEOUT : dev.orun.run.Durations.parse(t.strip(), "ORUN_URL_TIMEOUT");
        return new CheckSettings(offline, urlTimeout, 8, JsRegex.LIMIT);
    }

    public CheckSettings withOffline(boolean value) {
        return new CheckSettings(value, urlTimeout, urlParallelism, regexLimit);
    }
}
