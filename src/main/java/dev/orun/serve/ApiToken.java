package dev.orun.serve;

import dev.orun.run.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The bearer token writes need: {@code PASS_API_TOKEN} (the seed's name), else {@code ORUN_API_TOKEN}. A presented
 * token is compared in constant time: both sides are hashed first, so neither the content nor the length of the
 * expected token shows in the time an answer takes.
 */
public final class ApiToken {
    public static final List<String> VARIABLES = List.of("PASS_API_TOKEN", "ORUN_API_TOKEN");

    private final byte[] expectedHash;
    private final String variable;

    private ApiToken(byte[] expectedHash, String variable) {
        this.expectedHash = expectedHash;
        this.variable = variable;
    }

    /** The token from the environment, or null when none of {@link #VARIABLES} is set. */
    public static ApiToken from(Map<String, String> env) {
        for (String name : VARIABLES) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return new ApiToken(hash(v.strip()), name);
            }
        }
        return null;
    }

    public String variable() {
        return variable;
    }

    /** Whether an {@code Authorization} header value carries this token as {@code Bearer <token>}. */
    public boolean acceptsHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return accepts(authorization.substring(7).strip());
    }

    public boolean accepts(String presented) {
        return presented != null && !presented.isEmpty() && MessageDigest.isEqual(expectedHash, hash(presented));
    }

    private static byte[] hash(String token) {
        return Sha256.digest().digest(token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[from " + variable + "]";
    }
}
