package dev.orun.schema;

import dev.orun.run.AgentRun;
import dev.orun.run.ArtifactRef;
import dev.orun.run.Attempt;
import dev.orun.run.GateState;
import dev.orun.run.IndexedArtifact;
import dev.orun.run.Invocation;
import dev.orun.run.PromptRef;
import dev.orun.run.RunEvent;
import dev.orun.run.RunRecord;
import dev.orun.run.Tokens;
import dev.orun.run.ValidationResult;
import dev.orun.run.WorkflowRef;
import dev.orun.store.RecordCodecGenerator;
import dev.orun.store.RunLease;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RecordTrees} binds every record type orun writes exactly as {@link Json#STRICT} (and, lenient, {@link Json#LENIENT})
 * does: the same tree, node class for node class, from thousands of generated records (every component null, empty,
 * or filled in turn), and the same record back from it; the same refusals.
 */
class RecordTreesTest {
    /** Every record type the build's table binds: the differential test follows a record added to them. */
    @SuppressWarnings("unchecked")
    private static final List<Class<? extends Record>> TYPES = RecordCodecGenerator.records(List.<Class<?>>of(RunRecord.class, RunLease.class))
            .stream().<Class<? extends Record>>map(c -> (Class<? extends Record>) c).toList();

    @Test
    void the_table_binds_the_records_of_run_json_and_the_lease() {
        assertEquals(java.util.Set.of(RunRecord.class, GateState.class, Attempt.class, AgentRun.class, AgentRun.Write.class,
                ArtifactRef.class, IndexedArtifact.class, Invocation.class, Tokens.class, PromptRef.class, RunEvent.class,
                ValidationResult.class, WorkflowRef.class, RunLease.class), java.util.Set.copyOf(TYPES));
        assertEquals(List.of("dev.orun.run.RunRecord", "dev.orun.store.RunLease"), RecordTrees.ROOTS);
    }

    @Test
    void generated_records_of_every_type_bind_as_the_mapper_binds_them() {
        Random random = new Random(14);
        int compared = 0;
        for (Class<? extends Record> type : TYPES) {
            for (int i = 0; i < 300; i++) {
                Record r = generate(type, random, 0);
                if (r == null) {
                    continue;
                }
                JsonNode expected = Json.STRICT.valueToTree(r);
                ObjectNode actual = RecordTrees.toTree(r);
                assertEquals(expected, actual, type.getSimpleName());
                assertEquals(TreeReaderTest.classes(expected), TreeReaderTest.classes(actual), type.getSimpleName() + ": node types");
                assertEquals(Json.pretty(expected), JsonText.pretty(actual));
                assertEquals(Json.STRICT.treeToValue(expected, type), RecordTrees.fromTree(expected, type), type.getSimpleName());
                // and back from text as TreeReader reads it (ints where the mapper wrote longs, as on disk)
                JsonNode read = TreeReader.read(JsonText.prettyBytes(actual));
                assertEquals(Json.STRICT.treeToValue(read, type), RecordTrees.fromTree(read, type), type.getSimpleName() + " from text");
                compared++;
            }
        }
        assertEquals(TYPES.size() * 300, compared, "every generated record was compared");
    }

    @Test
    void unknown_properties_are_refused_strictly_and_skipped_leniently_as_by_the_mappers() {
        ObjectNode tree = RecordTrees.toTree(new PromptRef("p.md", "ab"));
        tree.put("extra", 1);
        assertThrows(tools.jackson.core.JacksonException.class, () -> Json.STRICT.treeToValue(tree, PromptRef.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordTrees.fromTree(tree, PromptRef.class));
        assertEquals("/extra: not a field of PromptRef", e.getMessage());
        assertEquals(Json.LENIENT.treeToValue(tree, PromptRef.class), RecordTrees.fromTreeLenient(tree, PromptRef.class));
    }

    @Test
    void the_seal_is_ignored_as_run_record_says_and_missing_fields_are_null_or_zero() {
        RunRecord run = (RunRecord) generate(RunRecord.class, new Random(1), 0);
        ObjectNode tree = RecordTrees.toTree(run);
        tree.putObject("seal").put("state_sha256", "x");
        assertEquals(run, RecordTrees.fromTree(tree, RunRecord.class));
        ObjectNode lease = RecordTrees.toTree(new RunLease(7, "h", null, "t", null, null, null, null, null, null));
        assertEquals(List.of("pid", "host", "since"), List.copyOf(lease.propertyNames()), "a NON_NULL record leaves nulls out");
        lease.remove("pid");
        assertEquals(Json.STRICT.treeToValue(lease, RunLease.class), RecordTrees.fromTree(lease, RunLease.class));
    }

    @Test
    void a_wrong_type_or_a_missing_required_field_is_refused_naming_the_pointer() {
        ObjectNode tree = RecordTrees.toTree(new ValidationResult("file_exists", "a", true, "error", "ok"));
        tree.put("pass", "yes");
        assertEquals("/pass: wants a boolean, is STRING",
                assertThrows(IllegalArgumentException.class, () -> RecordTrees.fromTree(tree, ValidationResult.class)).getMessage());
        ObjectNode noType = RecordTrees.toTree(new ValidationResult("file_exists", "a", true, "error", "ok"));
        noType.remove("type");
        assertEquals("/: type is missing",
                assertThrows(IllegalArgumentException.class, () -> RecordTrees.fromTree(noType, ValidationResult.class)).getMessage());
    }

    /** Component names of every form, as the mapper names them. */
    record Names(int runId, int promptSha256, int artifactsIndex, int aBC, int URLPath, int x, int already_snake, int _lead) {
    }

    @Test
    void snake_case_is_jacksons_and_a_record_outside_the_table_is_refused() {
        Names n = new Names(1, 2, 3, 4, 5, 6, 7, 8);
        List<String> ours = java.util.Arrays.stream(Names.class.getRecordComponents())
                .map(c -> RecordCodecGenerator.snakeCase(c.getName())).toList();
        assertEquals(List.copyOf(Json.STRICT.valueToTree(n).propertyNames()), ours);
        assertThrows(IllegalArgumentException.class, () -> RecordTrees.toTree(n));
        assertThrows(IllegalArgumentException.class, () -> RecordTrees.fromTree(Json.STRICT.valueToTree(n), Names.class));
    }

    @Test
    void a_component_of_a_type_without_a_json_form_fails_the_build_naming_it() {
        record Odd(java.util.Set<String> tags) {
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RecordCodecGenerator.records(List.<Class<?>>of(Odd.class)));
        assertTrue(e.getMessage().startsWith("Odd.tags: java.util.Set<java.lang.String> is not a type RecordTrees binds"), e.getMessage());
    }

    /** A record with each component null (a quarter of the time, where the record allows it), empty, or filled. */
    private static Record generate(Class<?> type, Random random, int depth) {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            args[i] = value(cs[i].getGenericType(), random, depth);
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            return (Record) c.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // a required component came out null: try once more with every component filled
            for (int i = 0; i < cs.length; i++) {
                if (args[i] == null) {
                    args[i] = filled(cs[i].getGenericType(), random, depth);
                }
            }
            try {
                Constructor<?> c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                return (Record) c.newInstance(args);
            } catch (ReflectiveOperationException again) {
                throw new AssertionError(again);
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object value(Type type, Random random, int depth) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (!raw.isPrimitive() && random.nextInt(4) == 0) {
            return null;
        }
        return filled(type, random, depth);
    }

    private static Object filled(Type type, Random random, int depth) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            String[] samples = {"", "G2", "a \"quoted\" line\nand\ttab \u00e9 \u2028 \u0001", "orchestration/runs/x/RUN.json",
                    "2026-12-02T11:00:00.000Z", "complete"};
            return samples[random.nextInt(samples.length)];
        }
        if (raw == int.class || raw == Integer.class) {
            return random.nextInt(3) == 0 ? 0 : random.nextInt(1000);
        }
        if (raw == long.class || raw == Long.class) {
            return random.nextBoolean() ? (long) random.nextInt(100) : random.nextLong();
        }
        if (raw == double.class || raw == Double.class) {
            double[] samples = {0.0, 0.0123, 1.5, 1e-7, 12345.678, 3.0};
            return samples[random.nextInt(samples.length)];
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return random.nextBoolean();
        }
        if (raw.isEnum()) {
            Object[] cs = raw.getEnumConstants();
            return cs[random.nextInt(cs.length)];
        }
        if (raw == List.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            int n = depth > 2 ? 0 : random.nextInt(3);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object v = filled(item, random, depth + 1);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        if (raw == Map.class) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                out.put("k" + random.nextInt(9), filled(((ParameterizedType) type).getActualTypeArguments()[1], random, depth + 1));
            }
            return out;
        }
        if (raw.isRecord()) {
            return generate(raw, random, depth + 1);
        }
        throw new AssertionError("no generator for " + type);
    }
}
