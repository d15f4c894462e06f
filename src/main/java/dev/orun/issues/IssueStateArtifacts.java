package dev.orun.issues;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * The sync's artifacts in the seed's shape: {@code implementation_issue_state.json}
 * (contracts/implementation-issue-state.schema.json) and {@code implementation_issue_state_summary.md}.
 */
final class IssueStateArtifacts {
    static final String JSON_NAME = "implementation_issue_state.json";
    static final String SUMMARY_NAME = "implementation_issue_state_summary.md";
    static final String SCHEMA = "implementation-issue-state.schema.json";

    private IssueStateArtifacts() {
    }

    /** The document; optional values are left out, as the seed leaves them undefined. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record State(String syncedAt, String repository, String runId, List<Issue> issues) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Issue(String planItemId, String title, Integer issueNumber, String issueUrl, String githubState, SyncStatus syncStatus,
                 List<String> labels, String lastSyncedAt, String lastError) {
    }

    static State state(SyncReport report, String now) {
        List<Issue> issues = new ArrayList<>();
        for (ItemResult r : report.items()) {
            issues.add(new Issue(r.planItemId(), r.title(), r.issueNumber(), r.issueUrl(), r.githubState(), r.action(),
                    r.labels(), now, r.error()));
        }
        return new State(now, report.repository(), report.runId(), issues);
    }

    static byte[] json(State state, SchemaValidator schemas) {
        List<Violation> violations = schemas.validate(SCHEMA, Json.STRICT.valueToTree(state));
        if (!violations.isEmpty()) {
            throw new IllegalStateException("refusing to write " + JSON_NAME + " that breaks " + SCHEMA + ": " + violations);
        }
        return Json.prettyBytes(state);
    }

    static String summary(State state) {
        StringBuilder sb = new StringBuilder("# Implementation issues\n\n");
        sb.append("Repository `").append(state.repository()).append("`, run `").append(state.runId())
                .append("`, synced ").append(state.syncedAt()).append(".\n\n");
        long failed = state.issues().stream().filter(i -> i.syncStatus() == SyncStatus.FAILED).count();
        sb.append(state.issues().size()).append(" plan items");
        for (SyncStatus s : SyncStatus.values()) {
            long n = state.issues().stream().filter(i -> i.syncStatus() == s).count();
            sb.append(", ").append(n).append(' ').append(s.json());
        }
        sb.append(".\n\n");
        sb.append("| Plan item | Title | Issue | State | Sync | Labels |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Issue i : state.issues()) {
            String issue = i.issueNumber() == null ? "—" : "[#" + i.issueNumber() + "](" + i.issueUrl() + ")";
            sb.append("| ").append(cell(i.planItemId())).append(" | ").append(cell(i.title())).append(" | ").append(issue)
                    .append(" | ").append(i.githubState() == null ? "—" : i.githubState()).append(" | ")
                    .append(i.syncStatus().json()).append(" | ").append(cell(String.join(", ", i.labels()))).append(" |\n");
        }
        if (failed > 0) {
            sb.append("\n## Errors\n\n");
            for (Issue i : state.issues()) {
                if (i.lastError() != null) {
                    sb.append("- ").append(cell(i.planItemId())).append(": ").append(cell(i.lastError())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace('\n', ' ');
    }
}
