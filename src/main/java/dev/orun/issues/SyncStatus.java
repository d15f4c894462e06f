package dev.orun.issues;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a sync did to a plan item's issue. */
public enum SyncStatus {
    CREATED, UPDATED, UNCHANGED, FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
