package dev.orun.http;

import java.util.List;

/** Removes secret values from text that may reach a log or a message (a server could echo a key back). */
public final class Secrets {
    private final List<String> values;

    public Secrets(List<String> values) {
        this.values = values.stream().filter(v -> v != null && v.length() >= 4).toList();
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, "[REDACTED]");
        }
        return out;
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " hidden]";
    }
}
