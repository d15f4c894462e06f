package dev.orun.schema;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick scan says "clean" exactly when the walk that names problems finds none. */
class ControlCharactersTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] KEYS = {"name", "description", "notes", "gate", "a/b", "x~y", "k\u0007", "exec"};
    private static final char[] CHARS = {'a', ' ', '\t', '\n', '\r', '\u0000', '\u001b', '\u007f', '\u0085', '\u009f', '\u00a0', 'é'};

    @Test
    void theScanAgreesWithTheWalk() {
        Random random = new Random(17);
        int dirty = 0;
        for (int round = 0; round < 20_000; round++) {
            JsonNode tree = value(random, 3);
            List<String> walked = new ArrayList<>();
            ControlCharacters.walk(tree, "", "", walked);
            assertEquals(walked.isEmpty(), ControlCharacters.clean(tree, ""), tree.toString());
            assertEquals(walked, ControlCharacters.problems(tree));
            dirty += walked.isEmpty() ? 0 : 1;
        }
        assertTrue(dirty > 2_000 && dirty < 18_000, "both kinds of tree were tried: " + dirty);
    }

    private static JsonNode value(Random random, int depth) {
        int kind = depth <= 0 ? random.nextInt(2) : random.nextInt(4);
        if (kind == 0) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                sb.append(random.nextInt(6) == 0 ? CHARS[random.nextInt(CHARS.length)] : 'a');
            }
            return F.stringNode(sb.toString());
        }
        if (kind == 1) {
            return F.numberNode(random.nextInt(9));
        }
        if (kind == 2) {
            ArrayNode a = F.arrayNode();
            for (int i = random.nextInt(3); i > 0; i--) {
                a.add(value(random, depth - 1));
            }
            return a;
        }
        ObjectNode o = F.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            o.set(random.nextInt(5) == 0 ? KEYS[random.nextInt(KEYS.length)] : "k" + i, value(random, depth - 1));
        }
        return o;
    }
}
