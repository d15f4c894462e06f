package dev.orun.issues;

import dev.orun.github.GitHubClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The labels of a plan: orun's own and every item's, made on GitHub when missing (GitHub compares them case-blind). */
final class SyncLabels {
    private static final String ORUN_LABEL_COLOR = "5319e7";
    private static final String PLAN_LABEL_COLOR = "ededed";

    private final Set<String> universe = new LinkedHashSet<>();
    private final Set<String> planned = new HashSet<>();

    SyncLabels(List<PlanItem> items) {
        universe.add(IssueContent.LABEL);
        for (PlanItem item : items) {
            universe.addAll(item.labels());
        }
        universe.forEach(l -> planned.add(l.toLowerCase(Locale.ROOT)));
    }

    /**
     * Makes the labels the repository lacks (with {@code dryRun} only says which), adding each to {@code created}
     * as it goes: a sync stopped half-way records the labels it did make.
     */
    void ensure(GitHubClient github, boolean dryRun, List<String> created) {
        Set<String> existing = new HashSet<>();
        github.listLabels().forEach(l -> existing.add(l.toLowerCase(Locale.ROOT)));
        Set<String> seen = new HashSet<>();
        for (String label : universe) {
            String key = label.toLowerCase(Locale.ROOT);
            if (existing.contains(key) || !seen.add(key)) {
                continue;
            }
            if (!dryRun) {
                boolean own = label.equalsIgnoreCase(IssueContent.LABEL);
                github.createLabel(label, own ? ORUN_LABEL_COLOR : PLAN_LABEL_COLOR,
                        own ? "Issue synced by orun from an architecture pack" : "Created by orun issues sync");
            }
            created.add(label);
        }
    }

    /** The item's labels plus any label a person added that is not one of the plan's. */
    List<String> keepOthers(List<String> wanted, List<String> current) {
        List<String> out = new ArrayList<>(wanted);
        for (String l : current) {
            if (!planned.contains(l.toLowerCase(Locale.ROOT)) && out.stream().noneMatch(l::equalsIgnoreCase)) {
                out.add(l);
            }
        }
        return out;
    }
}
