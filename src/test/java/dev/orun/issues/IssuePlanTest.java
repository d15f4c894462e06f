package dev.orun.issues;

import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.issues.IssueContent.Marker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The issue plan as orun reads it, the content it renders per item, and the labels it keeps. */
class IssuePlanTest {
    private static final String RUN = "run_20260301T100000000Z_plan_abc123";

    @TempDir
    Path dir;

    private List<PlanItem> read(String planJson) throws IOException {
        Path pack = dir.resolve("pack.json");
        Files.writeString(pack, "{\"implementation\": {\"github_issue_plan\": " + planJson + "}}");
        return IssuePlanReader.read(pack, "pack.json", RUN);
    }

    private OrunException refused(String planJson) {
        OrunException e = assertThrows(OrunException.class, () -> read(planJson));
        assertEquals(Exit.INVALID, e.exit(), e.getMessage());
        return e;
    }

    private static PlanItem item(String id, List<String> labels, List<String> dependsOn) {
        return new PlanItem(id, "Title " + id, "Summary " + id, "Body " + id, labels, dependsOn, List.of("Done"));
    }

    @Test
    void items_come_in_dependency_order_and_otherwise_in_plan_order() throws IOException {
        List<PlanItem> items = read("""
                [{"id": "ui", "title": "UI", "depends_on": ["data", "nav"]},
                 {"id": "nav", "title": "Nav", "depends_on": ["data"]},
                 {"id": "docs", "title": "Docs"},
                 {"id": "data", "title": "Data"}]""");
        assertEquals(List.of("data", "nav", "ui", "docs"), items.stream().map(PlanItem::id).toList());
    }

    @Test
    void a_missing_pack_is_not_found_and_says_how_to_make_one() {
        OrunException e = assertThrows(OrunException.class, () -> IssuePlanReader.read(dir.resolve("none.json"), "none.json", RUN));
        assertEquals(Exit.NOT_FOUND, e.exit());
        assertTrue(e.getMessage().contains("'orun plan import --run " + RUN + " FILE'"), e.getMessage());
    }

    @Test
    void each_broken_item_is_refused_with_its_pointer() {
        assertTrue(refused("[{\"id\": \"a b\", \"title\": \"x\"}]").getMessage()
                .startsWith("pack.json /implementation/github_issue_plan/0/id: 'a b' is not a usable id"));
        assertTrue(refused("[{\"id\": \"a\", \"title\": \"x\"}, {\"id\": \"a\", \"title\": \"y\"}]").getMessage()
                .startsWith("pack.json /implementation/github_issue_plan/1/id: 'a' is used twice"));
        assertTrue(refused("[{\"id\": \"a\", \"title\": \" \"}]").getMessage()
                .startsWith("pack.json /implementation/github_issue_plan/0/title: missing"));
        assertTrue(refused("[{\"id\": \"a\", \"title\": \"x\", \"labels\": \"bug\"}]").getMessage()
                .startsWith("pack.json /implementation/github_issue_plan/0/labels: not a list of strings"));
        assertTrue(refused("[{\"id\": \"a\", \"title\": \"x\", \"depends_on\": [\"ghost\"]}]").getMessage()
                .contains("/0/depends_on: 'ghost' is not an item of the plan"));
        assertTrue(refused("{\"id\": \"a\"}").getMessage().contains("/implementation/github_issue_plan: missing or not a list"));
    }

    @Test
    void a_dependency_cycle_is_refused_naming_its_path() {
        String message = refused("""
                [{"id": "a", "title": "A", "depends_on": ["b"]},
                 {"id": "b", "title": "B", "depends_on": ["a"]}]""").getMessage();
        assertTrue(message.contains("depends_on forms a cycle (a -> b -> a)"), message);
    }

    @Test
    void content_ends_in_a_marker_that_carries_the_run_the_item_and_the_hash() {
        IssueContent c = IssueContent.render(item("ui", List.of("frontend"), List.of("data")), RUN, dep -> 7);
        assertTrue(c.body().contains("Depends on #7"), c.body());
        assertTrue(c.body().contains("- [ ] Done"), c.body());
        assertEquals(List.of("frontend", IssueContent.LABEL), c.labels());
        Marker m = Marker.find(c.body()).orElseThrow();
        assertEquals(new Marker(RUN, "ui", c.sha256()), m);
    }

    @Test
    void a_dependency_without_an_issue_yet_is_named_by_its_id() {
        IssueContent c = IssueContent.render(item("ui", List.of(), List.of("data")), RUN, dep -> null);
        assertTrue(c.body().contains("Depends on `data` (not created yet)"), c.body());
    }

    @Test
    void the_hash_ignores_label_order_and_changes_with_the_content() {
        IssueContent a = IssueContent.render(item("x", List.of("a", "b"), List.of()), RUN, d -> null);
        IssueContent b = IssueContent.render(item("x", List.of("b", "a"), List.of()), RUN, d -> null);
        assertEquals(a.sha256(), b.sha256());
        PlanItem edited = new PlanItem("x", "Title x", "Summary x", "Body x, edited", List.of("a", "b"), List.of(), List.of("Done"));
        assertNotEquals(a.sha256(), IssueContent.render(edited, RUN, d -> null).sha256());
    }

    @Test
    void the_last_marker_of_a_body_is_the_issues_identity() {
        String body = "quoted: <!-- orun:issue run=r1 item=old -->\n\ntext\n\n<!-- orun:issue run=r2 item=new -->\n";
        assertEquals(new Marker("r2", "new", null), Marker.find(body).orElseThrow());
        assertTrue(Marker.find("no marker").isEmpty());
        assertTrue(Marker.find(null).isEmpty());
    }

    @Test
    void an_update_keeps_the_labels_a_person_added_and_drops_plan_labels_the_item_no_longer_has() {
        SyncLabels labels = new SyncLabels(List.of(item("a", List.of("frontend", "backend"), List.of())));
        List<String> kept = labels.keepOthers(List.of("frontend", "orun"), List.of("Backend", "needs-design", "FRONTEND"));
        assertEquals(List.of("frontend", "orun", "needs-design"), kept);
    }

    @Test
    void the_plans_labels_are_compared_case_blind() {
        SyncLabels labels = new SyncLabels(List.of(item("a", List.of("UI"), List.of()), item("b", List.of("ui"), List.of())));
        assertEquals(List.of("ui"), labels.keepOthers(List.of("ui"), List.of("Ui")));
    }
}
