package dev.orun.issues;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code record/issues/sync.json} (contracts/issue-sync.schema.json): a cache of what orun last wrote per item. */
public record SyncState(int schemaVersion, String runId, String repository, String updatedAt, List<Item> items) {
    public static final int SCHEMA_VERSION = 1;

    public SyncState {
        requireNonNull(runId, "run_id");
        requireNonNull(repository, "repository");
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One plan item's issue as orun last left it. */
    public record Item(String planItemId, Integer issueNumber, String issueUrl, String contentSha256, SyncStatus status,
                       String syncedAt, String lastError) {
        public Item {
            requireNonNull(planItemId, "plan_item_id");
            requireNonNull(status, "status");
        }
    }

    public static SyncState empty(String runId, String repository, String now) {
        return new SyncState(SCHEMA_VERSION, runId, repository, now, List.of());
    }

    public Item item(String planItemId) {
        return items.stream().filter(i -> i.planItemId().equals(planItemId)).findFirst().orElse(null);
    }

    /** Upserts an item in place (keeping the order items were first synced in). */
    public SyncState with(Item item, String now) {
        List<Item> list = new ArrayList<>(items);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).planItemId().equals(item.planItemId())) {
                list.set(i, item);
                return new SyncState(schemaVersion, runId, repository, now, list);
            }
        }
        list.add(item);
        return new SyncState(schemaVersion, runId, repository, now, list);
    }
}
