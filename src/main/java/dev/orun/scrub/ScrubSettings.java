package dev.orun.scrub;

import dev.orun.error.OrunException;
import dev.orun.schema.SchemaValidator;
import dev.orun.store.DotEnv;
import dev.orun.store.OrunConfig;
import dev.orun.store.OrunPaths;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code scrub:} section of {@code orchestration/orun.yaml}: whether logs and records are scrubbed (default: yes), which
 * built-in kinds (email, phone, secrets) and which extra patterns. The secret values of the environment and of the
 * root's {@code .env} (names that say KEY, TOKEN, SECRET or PASSWORD) are among the secrets.
 */
public final class ScrubSettings {
    private ScrubSettings() {
    }

    /** The scrubber for {@code logs/}: {@link PiiScrubber#NONE} when {@code scrub.logs} is false. */
    public static PiiScrubber forLogs(OrunPaths paths, SchemaValidator schemas, Map<String, String> env) {
        return of(paths, schemas, env, "logs");
    }

    /**
     * The scrubber for the agents' and models' text orun puts in {@code record/} (reasons, stop details, event
     * messages, the plan's pack): {@link PiiScrubber#NONE} when {@code scrub.records} is false.
     */
    public static PiiScrubber forRecords(OrunPaths paths, SchemaValidator schemas, Map<String, String> env) {
        return of(paths, schemas, env, "records");
    }

    private static PiiScrubber of(OrunPaths paths, SchemaValidator schemas, Map<String, String> env, String where) {
        OrunConfig.load(paths, schemas); // validates the whole file, scrub section included (exit 4 when broken)
        Path file = paths.orchestration().resolve("orun.yaml");
        JsonNode tree = OrunConfig.tree(paths, schemas);
        JsonNode scrub = tree == null ? null : tree.get("scrub");
        if (scrub != null && !scrub.path(where).asBoolean(true)) {
            return PiiScrubber.NONE;
        }
        List<PiiScrubber.Rule> rules = new ArrayList<>();
        boolean secrets = scrub == null || scrub.path("secrets").asBoolean(true);
        if (secrets) {
            rules.addAll(PiiScrubber.SECRETS);
        }
        if (scrub == null || scrub.path("email").asBoolean(true)) {
            rules.add(PiiScrubber.EMAIL);
        }
        if (scrub == null || scrub.path("phone").asBoolean(true)) {
            rules.add(PiiScrubber.PHONE);
        }
        if (scrub != null) {
            int i = 0;
            for (JsonNode p : scrub.path("patterns")) {
                String regex = p.path("regex").asString();
                try {
                    rules.add(new PiiScrubber.Rule(p.path("name").asString("custom"), Pattern.compile(regex)));
                } catch (PatternSyntaxException e) {
                    throw OrunException.invalid(paths.relative(file) + " /scrub/patterns/" + i + "/regex: not a valid regular expression ("
                            + e.getDescription() + "): fix the pattern");
                }
                i++;
            }
        }
        return new PiiScrubber(rules, secrets ? secretValues(DotEnv.merged(paths.root(), env)) : List.of());
    }

    static List<String> secretValues(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String n = e.getKey().toUpperCase(Locale.ROOT);
            if (n.contains("KEY") || n.contains("TOKEN") || n.contains("SECRET") || n.contains("PASSWORD")) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
