package dev.orun.gate;

import java.util.List;
import java.util.Map;

/** The validation types a contract may use; an unknown type is a contract error, never skipped. */
public final class Checks {
    private static final Map<String, Check> BY_TYPE = Map.of(
            "file_exists", new FileExistsCheck(),
            "min_sources", new MinSourcesCheck(),
            "contains_headings", new HeadingsCheck(),
            "not_contains", new NotContainsCheck(),
            "json_schema", new JsonSchemaCheck(),
            "matches", new MatchesCheck(),
            "min_words", new MinWordsCheck(),
            "command", new CommandCheck());

    public static final List<String> TYPES = List.of("file_exists", "min_sources", "contains_headings", "not_contains",
            "json_schema", "matches", "min_words", "command");

    private Checks() {
    }

    public static Check forType(String type) {
        Check c = BY_TYPE.get(type);
        if (c == null) {
            throw new IllegalArgumentException("unknown validation type " + type);
        }
        return c;
    }
}
