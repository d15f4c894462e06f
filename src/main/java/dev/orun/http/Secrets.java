package dev.orun.http;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secret values from text that may reach a record, a log or a message (a server or an agent could echo a
 * key back): each value as it is, and in its JSON-escaped forms ({@code \u0073k-…}, {@code \/}).
 */
public final class Secrets {
    public static final String MASK = "[REDACTED]";
    // Not "AUTH": GIT_AUTHOR_NAME and SSH_AUTH_SOCK are not secrets, and agents need them.
    private static final List<String> SECRET_WORDS = List.of("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL");
    private static final Secrets NONE = new Secrets(List.of());

    private final List<String> values;
    private List<Pattern> escaped;

    public Secrets(List<String> values) {
        Set<String> kept = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && v.strip().length() >= 4) {
                kept.add(v);
                kept.add(v.strip());
                kept.addAll(base64Cores(v.strip()));
            }
        }
        // Longest first, so a value that contains another is masked whole.
        List<String> sorted = new ArrayList<>(kept);
        sorted.sort(dev.orun.text.LongerFirst.INSTANCE);
        this.values = List.copyOf(sorted);
    }

    /**
     * The value's base64 as it appears inside any longer base64 text (a Basic auth header, an encoded config): at
     * each of the three byte alignments, the characters that only the value's own bits decide. Only for values long
     * enough that the core is itself at least 8 characters.
     */
    static List<String> base64Cores(String v) {
        byte[] bytes = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        if (bytes.length < 8) {
            return out;
        }
        for (int pad = 0; pad < 3; pad++) {
            byte[] padded = new byte[pad + bytes.length];
            System.arraycopy(bytes, 0, padded, pad, bytes.length);
            String enc = java.util.Base64.getEncoder().withoutPadding().encodeToString(padded);
            int from = (8 * pad + 5) / 6;                 // the first character made of the value's bits alone
            int to = (8 * (pad + bytes.length)) / 6;      // past the last such character
            if (to - from >= 8) {
                out.add(enc.substring(from, to));
            }
        }
        return out;
    }

    public static Secrets none() {
        return NONE;
    }

    /**
     * The values of the variables whose names say they are secret ({@code *_KEY}, {@code *TOKEN*}, {@code *SECRET*},
     * {@code *PASSWORD*}, …), with the user-info of any URL-valued variable; short, numeric and boolean values are not
     * secrets (a {@code *_MAX_TOKENS} budget is a number).
     */
    public static Secrets fromEnvironment(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey().toUpperCase(Locale.ROOT);
            String v = e.getValue();
            if (v == null) {
                continue;
            }
            if (v.contains("://") && v.contains("@")) {
                out.addAll(userInfo(v));
            }
            if (isSecretName(name) && v.strip().length() >= 8 && !plainValue(v.strip())) {
                out.add(v);
            }
        }
        return new Secrets(out);
    }

    /** A number or a word like true: never a secret, and masking it would mask every such number. */
    private static boolean plainValue(String v) {
        boolean digits = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            digits &= c >= '0' && c <= '9' || c == '.';
        }
        return digits || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    }

    /** Whether a variable of this name is treated as a secret (and kept from agents and check commands). */
    public static boolean isSecretName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.endsWith("_TOKENS")) {
            return false; // a token budget (ANTHROPIC_*_MAX_TOKENS), not a token
        }
        for (String w : SECRET_WORDS) {
            if (upper.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code user:password} of a URL, and each part, as secrets. */
    public static List<String> userInfo(String url) {
        int scheme = url.indexOf("://");
        int at = scheme < 0 ? -1 : url.indexOf('@', scheme + 3);
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (at < 0 || slash >= 0 && slash < at) {
            return List.of();
        }
        String info = url.substring(scheme + 3, at);
        List<String> out = new ArrayList<>(List.of(info));
        int colon = info.indexOf(':');
        if (colon >= 0) {
            out.add(info.substring(colon + 1));
        }
        return out;
    }

    /** The URL without its user-info, for messages. */
    public static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        List<String> info = userInfo(url);
        return info.isEmpty() ? url : url.replace(info.get(0) + "@", "");
    }

    public Secrets and(List<String> more) {
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return new Secrets(all);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The length of the longest form a secret can take in text (its JSON escape of every character). */
    public int longestForm() {
        return values.isEmpty() ? 0 : values.get(0).length() * 6;
    }

    public String scrub(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        if (out.indexOf('\\') >= 0) {
            for (Pattern p : escapedPatterns()) {
                Matcher m = p.matcher(out);
                if (m.find()) {
                    out = m.replaceAll(MASK);
                }
            }
        }
        return out;
    }

    /** Scrubs every string (and field name) of a JSON tree in place; returns whether anything was masked. */
    public boolean scrubTree(JsonNode node) {
        if (values.isEmpty()) {
            return false;
        }
        boolean changed = false;
        if (node instanceof ObjectNode o) {
            for (String name : new ArrayList<>(o.propertyNames())) {
                JsonNode child = o.get(name);
                if (child.isString()) {
                    String s = scrub(child.asString());
                    if (!s.equals(child.asString())) {
                        o.put(name, s);
                        changed = true;
                    }
                } else {
                    changed |= scrubTree(child);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode child = a.get(i);
                if (child.isString()) {
                    String s = scrub(child.asString());
                    if (!s.equals(child.asString())) {
                        a.set(i, a.stringNode(s));
                        changed = true;
                    }
                } else {
                    changed |= scrubTree(child);
                }
            }
        }
        return changed;
    }

    /** Each secret with any of its characters written as a JSON escape. */
    private List<Pattern> escapedPatterns() {
        if (escaped == null) {
            List<Pattern> out = new ArrayList<>();
            for (String v : values) {
                StringBuilder re = new StringBuilder();
                for (char c : v.toCharArray()) {
                    re.append("(?:").append(Pattern.quote(String.valueOf(c))).append("|\\\\u(?i:")
                            .append(String.format(Locale.ROOT, "%04x", (int) c)).append(')');
                    if (c == '/') {
                        re.append("|\\\\/");
                    }
                    re.append(')');
                }
                out.add(Pattern.compile(re.toString()));
            }
            escaped = out;
        }
        return escaped;
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " hidden]";
    }
}
