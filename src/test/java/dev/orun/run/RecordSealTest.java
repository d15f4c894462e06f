package dev.orun.run;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A seal that keeps the previous seal's digests of unchanged fields is the seal computed afresh. */
class RecordSealTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void keptDigestsAreTheDigestsComputedAfresh() {
        Random random = new Random(14);
        int kept = 0;
        for (int round = 0; round < 2_000; round++) {
            ObjectNode before = record(random);
            before.set("seal", RecordSeal.seal(before));
            ObjectNode after = before.deepCopy();
            after.remove("seal");
            int edits = random.nextInt(4);
            for (int i = 0; i < edits; i++) {
                mutate(after, random);
            }
            JsonNode fresh = RecordSeal.seal(after);
            JsonNode reused = RecordSeal.seal(after, null, before);
            assertEquals(fresh, reused, "round " + round + ": " + after);
            if (edits == 0) {
                kept++;
            }
        }
        assertTrue(kept > 100, "too few unchanged rounds: " + kept);
    }

    @Test
    void numbersOfAnotherKindOrScaleAreDigestedAgain() {
        for (List<JsonNode> pair : List.of(List.<JsonNode>of(F.numberNode(1), F.numberNode(1.0)),
                List.<JsonNode>of(F.numberNode(new BigInteger("1")), F.numberNode(1L)),
                List.<JsonNode>of(F.numberNode(1), F.numberNode(1L)),
                List.<JsonNode>of(F.stringNode("1"), F.numberNode(1)))) {
            ObjectNode before = F.objectNode();
            before.set("cost", pair.get(0));
            before.set("seal", RecordSeal.seal(before));
            ObjectNode after = F.objectNode();
            after.set("cost", pair.get(1));
            assertEquals(RecordSeal.seal(after), RecordSeal.seal(after, null, before), pair.toString());
        }
    }

    @Test
    void integersOfOneValueKeepTheirDigestWhateverTheirNodeClass() {
        ObjectNode before = F.objectNode();
        before.put("duration_ms", 1200);
        before.put("total", new BigInteger("7"));
        before.set("seal", RecordSeal.seal(before));
        ObjectNode after = F.objectNode();
        after.put("duration_ms", 1200L);
        after.put("total", 7L);
        ObjectNode forged = before.deepCopy();
        ((ObjectNode) forged.get("seal").get("fields")).put("/duration_ms", "0123456789ab").put("/total", "ba9876543210");
        ObjectNode kept = RecordSeal.seal(after, null, forged);
        assertEquals("0123456789ab", kept.get("fields").get("/duration_ms").asString(), "the digest was computed again");
        assertEquals("ba9876543210", kept.get("fields").get("/total").asString(), "the digest was computed again");
        assertEquals(RecordSeal.seal(after), RecordSeal.seal(after, null, before));
    }

    @Test
    void aHandEditUnderAnUnchangedSealStillShowsAfterTheNextWrite() {
        ObjectNode before = F.objectNode();
        before.put("status", "RUNNING");
        before.put("cost_usd", 1.5);
        before.set("seal", RecordSeal.seal(before));
        before.put("cost_usd", 0.5); // edited by hand, seal left as it was
        ObjectNode after = before.deepCopy();
        after.remove("seal");
        after.put("status", "PASSED"); // the write's own change
        after.set("seal", RecordSeal.seal(after, null, before));
        assertEquals(List.of("/seal/fields: edited by hand (/cost_usd: changed)"), RecordSeal.verify(after));
        assertNotEquals(RecordSeal.seal(after.deepCopy().without("seal")), after.get("seal"));
    }

    @Test
    void theStateSharesNothingWithEventsOrSeal() {
        ObjectNode record = record(new Random(1));
        record.set("seal", RecordSeal.seal(record));
        ObjectNode state = RecordSeal.state(record);
        assertTrue(!state.has("events") && !state.has("seal") && record.has("events") && record.has("seal"));
        assertEquals(record.size() - 2, state.size());
    }

    private static ObjectNode record(Random random) {
        ObjectNode r = F.objectNode();
        r.put("run_id", "run_" + random.nextInt(1000));
        r.put("status", random.nextBoolean() ? "RUNNING" : "PASSED");
        r.set("vars", object(random, 2));
        ArrayNode gates = r.putArray("gates");
        for (int i = random.nextInt(4); i > 0; i--) {
            gates.add(object(random, 4));
        }
        ArrayNode events = r.putArray("events");
        for (int i = random.nextInt(3); i > 0; i--) {
            events.addObject().put("seq", i).put("sha256", "e" + i);
        }
        return r;
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode o = F.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            o.set("k" + random.nextInt(6) + (random.nextInt(8) == 0 ? "/~" : ""), value(random, depth - 1));
        }
        return o;
    }

    private static JsonNode value(Random random, int depth) {
        switch (depth <= 0 ? random.nextInt(5) : random.nextInt(7)) {
            case 0: return F.stringNode("s" + random.nextInt(3));
            case 1: return F.numberNode(random.nextInt(3));
            case 2: return random.nextBoolean() ? F.numberNode(random.nextInt(2) * 1.0) : F.numberNode(random.nextInt(2) + 0L);
            case 3: return F.booleanNode(random.nextBoolean());
            case 4: return F.nullNode();
            case 5: {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(value(random, depth - 1));
                }
                return a;
            }
            default: return object(random, depth);
        }
    }

    /** One change somewhere in the state: a value replaced, a key added or removed, an array item added or removed. */
    private static void mutate(ObjectNode record, Random random) {
        JsonNode node = record;
        for (int depth = 0; depth < 6; depth++) {
            List<String> keys = node.isObject() ? List.copyOf(node.propertyNames()) : List.of();
            JsonNode next = node.isObject() && !keys.isEmpty() ? node.get(keys.get(random.nextInt(keys.size())))
                    : node.isArray() && !node.isEmpty() ? node.get(random.nextInt(node.size())) : null;
            if (next == null || !next.isContainer() || next == record.get("events") || random.nextInt(3) == 0) {
                break;
            }
            node = next;
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> keys = List.copyOf(o.propertyNames());
            if (!keys.isEmpty() && random.nextBoolean()) {
                String k = keys.get(random.nextInt(keys.size()));
                if (node == record && (k.equals("events") || k.equals("run_id"))) {
                    return;
                }
                if (random.nextBoolean()) {
                    o.remove(k);
                } else {
                    o.set(k, value(random, 2));
                }
            } else {
                o.set("n" + random.nextInt(6), value(random, 2));
            }
        } else if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            if (!a.isEmpty() && random.nextBoolean()) {
                a.remove(random.nextInt(a.size()));
            } else {
                a.add(value(random, 2));
            }
        }
    }
}
