package dev.orun.store;

import dev.orun.schema.SyntaxProblem;
import dev.orun.error.Exit;
import dev.orun.error.OrunException;
import dev.orun.http.Secrets;
import dev.orun.run.Attempt;
import dev.orun.run.EventChain;
import dev.orun.run.RecordSeal;
import dev.orun.run.RunEvent;
import dev.orun.run.RunIds;
import dev.orun.run.RunRecord;
import dev.orun.schema.Json;
import dev.orun.schema.SchemaValidator;
import dev.orun.schema.TreeReader;
import dev.orun.schema.RecordTrees;
import dev.orun.schema.JsonText;
import dev.orun.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Reads and writes run records. Every read and every write is validated against
 * {@code contracts/run.schema.json}; every read-modify-write happens under the run's lock.
 */
public final class RunStore {
    /** A RUN.json beyond this is refused before it is read (a 50 MB one took 11 s to parse and validate). */
    public static final long MAX_RECORD_BYTES = 16L << 20;
    private final OrunPaths paths;
    private final SchemaValidator schemas;
    private final Duration lockTimeout;
    private final RunLeases leases;
    /**
     * The last RUN.json bytes this store validated (read or wrote) per run, with what they parsed to: reading the
     * very same bytes again in this process (e.g. once more under the lock) needs no second parse and validation.
     * Any other bytes, however small the change, are parsed and validated in full.
     */
    private final Map<String, Validated> validated = new ConcurrentHashMap<>();
    /** Contents that passed the schema before, across processes: display-only reads of them skip validation. */
    private final ValidatedRecords memo;
    private final Secrets secrets;
    /** Scrubs agents' and models' text on its way into the record; loaded (orun.yaml's scrub section) at the first write. */
    private final Supplier<UnaryOperator<String>> recordTextSource;
    /** What a record-text source gives when nothing is to be scrubbed. */
    public static final UnaryOperator<String> NO_SCRUB = new UnaryOperator<>() { // no lambda on run show's path
        @Override
        public String apply(String t) {
            return t;
        }
    };
    private volatile UnaryOperator<String> recordText;

    /** Gives {@link #NO_SCRUB}: a class, not a lambda (the everyday writes run none, docs/performance.md). */
    private static final class NoScrub implements Supplier<UnaryOperator<String>> {
        static final NoScrub SOURCE = new NoScrub();

        @Override
        public UnaryOperator<String> get() {
            return NO_SCRUB;
        }
    }

    /** How a tree came to be known: {@link #check} and the readers ask it of the record a write starts from. */
    private enum Source {
        /** Read on the memo's word ({@link #readToChange}), not validated: only writers reuse it. */
        MEMO,
        /** Written by this store. */
        WRITTEN,
        /** Parsed and validated in full (a clone, a pull, a hand edit: bytes the memo does not hold). */
        PARSED
    }

    /**
     * The last RUN.json bytes of a run with what they parsed to and how they came. When orun wrote the tree (in this
     * process, or by the memo's word before) its seal's digests are of its fields, and a write keeps those of the
     * fields it did not change ({@link #check}); a tree parsed in full has every digest computed again. The memo also
     * holds bytes {@code run show} validated: if a hand edit is among them, a kept digest is the one from before the
     * edit, so the edit still shows in {@code run verify} ("/seal/fields: edited by hand") where a full re-seal hid it.
     */
    private record Validated(byte[] bytes, LoadedRun run, Source source) {
        boolean fromMemo() {
            return source == Source.MEMO;
        }

        boolean sealedHere() {
            return source != Source.PARSED;
        }
    }

    /** A record checked against run.schema.json and serialised: what {@link #write(Checked)} puts on disk. */
    public record Checked(RunRecord run, JsonNode tree, byte[] bytes) {
    }

    public RunStore(OrunPaths paths, SchemaValidator schemas, Duration lockTimeout) {
        this(paths, schemas, lockTimeout, Clock.systemUTC());
    }

    public RunStore(OrunPaths paths, SchemaValidator schemas, Duration lockTimeout, Clock clock) {
        this(paths, schemas, lockTimeout, clock, Secrets.none());
    }

    /** {@code secrets}: values (API keys, tokens) masked in every record before it is written. */
    public RunStore(OrunPaths paths, SchemaValidator schemas, Duration lockTimeout, Clock clock, Secrets secrets) {
        this(paths, schemas, lockTimeout, clock, secrets, NoScrub.SOURCE);
    }

    /**
     * As above; {@code recordText} gives the scrubber (PII, secrets) for the agents' and models' text a record carries
     * (see {@link RecordText}); asked for once, at the first write.
     */
    public RunStore(OrunPaths paths, SchemaValidator schemas, Duration lockTimeout, Clock clock, Secrets secrets,
                    Supplier<UnaryOperator<String>> recordText) {
        this.secrets = secrets;
        this.recordTextSource = recordText;
        this.paths = paths;
        this.schemas = schemas;
        this.lockTimeout = lockTimeout;
        this.leases = new RunLeases(this, clock);
        this.memo = new ValidatedRecords(paths.cacheDir());
    }

    /** The lease files that say which process drives a run. */
    public RunLeases leases() {
        return leases;
    }

    public OrunPaths paths() {
        return paths;
    }

    public SchemaValidator schemas() {
        return schemas;
    }

    /** Writes a new run's RUN.json; the run folder must not exist yet. */
    public void create(RunRecord run) {
        Path dir = paths.runDir(run.runId());
        if (Files.exists(dir)) {
            throw OrunException.invalid(paths.relative(dir) + " already exists: run ids are unique; start the run again");
        }
        // Checked before the lock makes the run's folder: a record refused here leaves no folder behind (one without
        // RUN.json, which run list would warn about at every call).
        Checked checked = check(run);
        try (RunLock ignored = lock(run.runId())) {
            write(checked);
        }
    }

    /**
     * Reads and validates a run. Unknown run → exit 3; unreadable or invalid → exit 4. A run whose lease names a
     * process that died on this host is first persisted as INTERRUPTED (one stat when there is no lease).
     */
    public LoadedRun load(String runId) {
        return load(runId, true);
    }

    /**
     * As {@link #load(String)}; with {@code bind} false the typed record is built only when crash detection needs
     * it (a lease is there), for commands that only render the validated tree ({@code run show}).
     */
    public LoadedRun load(String runId, boolean bind) {
        return load(runId, bind, false);
    }

    private LoadedRun load(String runId, boolean bind, boolean toChange) {
        boolean leased = Files.exists(leases.file(runId));
        LoadedRun loaded = loadUnchecked(runId, bind || leased, toChange);
        if (!loaded.legacy() && leased) {
            RunRecord reaped = leases.reapIfDead(runId);
            if (reaped != null) {
                return new LoadedRun(runId, loaded.file(), RecordTrees.toTree(reaped), reaped);
            }
        }
        return loaded;
    }

    /** {@link #load} without crash detection. */
    LoadedRun loadUnchecked(String runId) {
        return loadUnchecked(runId, true, false);
    }

    private LoadedRun loadUnchecked(String runId, boolean bind, boolean toChange) {
        Path file = paths.runJson(runId);
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_RECORD_BYTES) {
                throw OrunException.invalid(paths.relative(file) + " is " + (size >> 20) + " MB, over orun's limit of "
                        + (MAX_RECORD_BYTES >> 20) + " MB for a RUN.json (a real record is a few hundred KB): restore it with 'git checkout -- "
                        + paths.relative(file) + "'");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw OrunException.notFound("run " + runId + " not found: no " + paths.relative(file)
                    + "; list runs with 'orun run list'");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + paths.relative(file) + ": " + e.getMessage(), e);
        }
        if (toChange) {
            LoadedRun known = rememberedToChange(runId, file, bytes);
            if (known != null) {
                return known;
            }
        }
        return bind ? parse(runId, file, bytes, true) : parseForDisplay(runId, file, bytes);
    }

    /**
     * For a write: bytes the memo holds as valid ({@link ValidatedRecords}) are read with {@link TreeReader} and bound
     * without the schema validator. Safe because a writer only changes what it reads and every record it writes is
     * checked whole against run.schema.json before it is written ({@link #check}): a forged or stale memo can make a
     * write refuse, never let an invalid record through. Null when the memo does not hold the bytes, or they do not
     * read and bind as it said (the caller then validates in full, which reports the problem).
     */
    private LoadedRun rememberedToChange(String runId, Path file, byte[] bytes) {
        Validated seen = validated.get(runId);
        if (seen != null && seen.run.file().equals(file) && seen.run.record() != null && Arrays.equals(seen.bytes, bytes)) {
            return seen.run;
        }
        if (!memo.holds(runId, bytes)) {
            return null;
        }
        try {
            JsonNode tree = TreeReader.read(bytes);
            if (!tree.isObject() || !tree.has("schema_version") || !runId.equals(tree.path("run_id").asString(""))) {
                return null;
            }
            LoadedRun loaded = new LoadedRun(runId, file, tree, RecordTrees.fromTree(tree, RunRecord.class));
            validated.put(runId, new Validated(bytes, loaded, Source.MEMO));
            return loaded;
        } catch (RuntimeException e) {
            return null; // not what the memo said: validated in full
        }
    }

    /** Parses and validates RUN.json bytes (used by load and by the listing index). */
    public LoadedRun parse(String runId, Path file, byte[] bytes) {
        return parse(runId, file, bytes, true);
    }

    /**
     * Parses and validates RUN.json bytes; with {@code bind} false the typed record is not built (the listing
     * index needs only the validated tree).
     */
    public LoadedRun parse(String runId, Path file, byte[] bytes, boolean bind) {
        Validated seen = validated.get(runId);
        if (seen != null && !seen.fromMemo() && seen.run.file().equals(file) && (seen.run.record() != null || seen.run.legacy() || !bind)
                && Arrays.equals(seen.bytes, bytes)) {
            return seen.run;
        }
        LoadedRun loaded = parseAndValidate(runId, file, bytes, bind);
        if (bind) {
            validated.put(runId, new Validated(bytes, loaded, Source.PARSED));
        }
        return loaded;
    }

    /**
     * For display only ({@code run show}): bytes that passed the schema before (see {@link ValidatedRecords}) are
     * read without validator or mapper; any others are validated in full and remembered.
     */
    private LoadedRun parseForDisplay(String runId, Path file, byte[] bytes) {
        LoadedRun known = remembered(runId, file, bytes);
        if (known != null) {
            return known;
        }
        LoadedRun loaded = parse(runId, file, bytes, false);
        memo.remember(runId, bytes);
        return loaded;
    }

    /**
     * For the listing index, which is display only too: a RUN.json orun wrote or showed since (the memo holds its
     * bytes) is read without validator or mapper, so the list after a write stays on the fast path; any other is
     * validated in full, and not remembered (the first list after a clone would otherwise write a memo per run).
     */
    LoadedRun parseForListing(String runId, Path file, byte[] bytes) {
        LoadedRun known = remembered(runId, file, bytes);
        return known != null ? known : parse(runId, file, bytes, false);
    }

    /** The tree of bytes the memo says passed the schema as this run; null when it does not (or they do not parse). */
    private LoadedRun remembered(String runId, Path file, byte[] bytes) {
        if (memo.holds(runId, bytes)) {
            try {
                return new LoadedRun(runId, file, TreeReader.read(bytes), null);
            } catch (RuntimeException e) {
                // not what the memo said: the caller validates in full, which reports it properly
            }
        }
        return null;
    }

    private LoadedRun parseAndValidate(String runId, Path file, byte[] bytes, boolean bind) {
        String where = paths.relative(file);
        JsonNode tree;
        try {
            tree = Json.STRICT.readTree(bytes);
        } catch (JacksonException e) {
            throw OrunException.invalid(where + ": not valid JSON" + SyntaxProblem.ofJson(e).sentence()
                    + ", or restore it with 'git checkout -- " + where + "'");
        }
        if (tree == null || !tree.isObject()) {
            throw OrunException.invalid(where + ": is not a JSON object: restore it with 'git checkout -- " + where + "'");
        }
        List<Violation> violations = schemas.validate(SchemaValidator.RUN, tree);
        if (!violations.isEmpty()) {
            throw schemaError(where, violations);
        }
        // The folder, the lock and the record must name one run: else a write would land in another run's folder.
        String recorded = tree.path("run_id").asString("");
        if (!recorded.equals(runId)) {
            throw OrunException.invalid(where + " /run_id: is '" + recorded + "' but the record is in folder " + runId
                    + ": restore it with 'git checkout -- " + where + "'");
        }
        if (!tree.has("schema_version")) {
            return new LoadedRun(runId, file, tree, null);
        }
        if (!bind) {
            return new LoadedRun(runId, file, tree, null);
        }
        RunRecord record;
        try {
            record = Json.STRICT.treeToValue(tree, RunRecord.class);
        } catch (JacksonException e) {
            throw OrunException.invalid(where + " " + SyntaxProblem.binding(e)
                    + ": fix the field or restore it with 'git checkout -- " + where + "'");
        }
        return new LoadedRun(runId, file, tree, record);
    }

    /** Reads an orun (non-legacy) record; a legacy record is refused with a clear message. */
    public RunRecord read(String runId) {
        LoadedRun loaded = load(runId);
        if (loaded.legacy()) {
            throw OrunException.invalid(paths.relative(loaded.file()) + " is a legacy record (written by the Node runner, "
                    + "no /schema_version); orun reads it but never rewrites it: start a new run with 'orun run start'");
        }
        return loaded.record();
    }

    /**
     * The record a write is about to change: as {@link #read}, but RUN.json bytes that passed the schema before (the
     * memo) are not validated again; the write validates all it writes (see {@link #rememberedToChange}). Only for
     * records that are then changed through {@link #transact} — never for a check ({@code run verify}) or a verdict.
     */
    public RunRecord readToChange(String runId) {
        LoadedRun loaded = load(runId, true, true);
        if (loaded.legacy()) {
            return read(runId);
        }
        return loaded.record();
    }

    /** Read-modify-write as one transaction (see {@link #transact}): no update is lost to a parallel writer. */
    public RunRecord update(String runId, UnaryOperator<RunRecord> change) {
        Outcome<RunRecord> done = transact(runId, new Step<RunRecord>() { // not a lambda: see Step
            @Override
            public Change<RunRecord> apply(RunRecord run) {
                RunRecord after = change.apply(run);
                if (!after.runId().equals(runId)) {
                    throw new IllegalStateException("an update of " + runId + " changed its run id to " + after.runId());
                }
                // Equal as trees, not by the record's generated equals (bootstrapped through invokedynamic, ~20 ms at its
                // first call in a short write); the trees of records are equal exactly when the records are.
                return after == run || RecordTrees.toTree(after).equals(RecordTrees.toTree(run)) ? Change.none(after) : Change.write(after, after);
            }
        });
        return done.written() ? done.run() : done.value();
    }

    /**
     * What one step of a run changes, computed from the record as read: the record to write ({@code next}, null
     * when nothing changes), files written once beside it before it ({@code newFiles}, e.g. an attempt file: they
     * must not exist yet), a last check of the world outside the record ({@code guard}, e.g. the outputs whose
     * hashes are recorded are unchanged since they were hashed) and what the caller gets back.
     */
    public record Change<T>(RunRecord next, Map<Path, byte[]> newFiles, Guard guard, T value) {
        public Change {
            newFiles = newFiles == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(newFiles));
        }

        public static <T> Change<T> none(T value) {
            return new Change<>(null, Map.of(), null, value);
        }

        public static <T> Change<T> write(RunRecord next, T value) {
            return new Change<>(next, Map.of(), null, value);
        }

        public Change<T> withNewFile(Path file, byte[] bytes) {
            Map<Path, byte[]> files = new java.util.LinkedHashMap<>(newFiles);
            files.put(file, bytes);
            return new Change<>(next, files, guard, value);
        }

        public Change<T> withGuard(Guard g) {
            return new Change<>(next, newFiles, g, value);
        }
    }

    /** A check made under the run's lock just before a change is written; it throws to refuse the change. */
    @FunctionalInterface
    public interface Guard {
        void check();
    }

    /**
     * A step of a run: its change, from the record as it is (it may refuse by throwing an OrunException). The
     * everyday writes give theirs as (anonymous) classes, not lambdas: the first lambda of a process starts
     * java.lang.invoke, ~13 ms of a short write interpreted, and each further call site ~0.3 ms; StartupClassesTest
     * holds those writes to loading no lambda machinery (docs/performance.md).
     */
    @FunctionalInterface
    public interface Step<T> {
        Change<T> apply(RunRecord run);
    }

    /** What {@link #transact} did: the record as written (or as read, when nothing was written) and the step's value. */
    public record Outcome<T>(RunRecord run, T value, boolean written) {
    }

    /** Optimistic tries before a step is applied under the lock itself (a cold JVM's work then holds it). */
    static final int OPTIMISTIC_TRIES = 12;

    /**
     * One transaction per step, holding the run's lock for a rename. Outside the lock: read and validate RUN.json,
     * apply the step, serialise, seal and validate the result, write and fsync it (and the step's new files) to temp
     * files. Under the lock: the lease (a dead driver's run is reaped first), RUN.json's bytes still those the step
     * was applied to, the new files still absent, the step's guard; then rename, and release. When another writer
     * came in between, nothing is written and the step is applied again to what it wrote; after
     * {@link #OPTIMISTIC_TRIES} such tries, under the lock (no writer can starve).
     */
    public <T> Outcome<T> transact(String runId, Step<T> step) {
        for (int tries = 1; tries <= OPTIMISTIC_TRIES; tries++) {
            RunRecord run = readToChange(runId);
            Validated seen = validated.get(runId);
            if (seen == null || seen.run.record() != run) {
                break; // another thread of this store read or wrote in between: no snapshot to compare with
            }
            Change<T> change = step.apply(run);
            if (change.next() == null) {
                return new Outcome<>(run, change.value(), false);
            }
            Prepared prepared = prepare(change);
            try {
                try (RunLock lock = lock(runId)) {
                    lock.note("changed");
                    if (stillAsRead(runId, seen.bytes) && newFilesAbsent(change)) {
                        if (change.guard() != null) {
                            change.guard().check();
                        }
                        prepared.commit();
                        lock.note("wrote");
                    }
                }
            } finally {
                prepared.close();
            }
            if (prepared.committed) {
                prepared.sync();
                memo.remember(runId, prepared.checked.bytes());
                return new Outcome<>(prepared.checked.run(), change.value(), true);
            }
        }
        Prepared committed;
        Change<T> applied;
        try (RunLock lock = lock(runId)) {
            lock.note("wrote-under-lock");
            RunRecord run = readToChange(runId);
            Change<T> change = step.apply(run);
            if (change.next() == null) {
                return new Outcome<>(run, change.value(), false);
            }
            for (Path f : change.newFiles().keySet()) {
                if (Files.exists(f)) {
                    throw OrunException.invalid(paths.relative(f) + " already exists and is written only once: "
                            + "an earlier command was interrupted; start a new attempt with 'orun gate start --force'");
                }
            }
            if (change.guard() != null) {
                change.guard().check();
            }
            try (Prepared prepared = prepare(change)) {
                prepared.commit();
                committed = prepared;
                applied = change;
            }
        }
        committed.sync();
        memo.remember(runId, committed.checked.bytes());
        return new Outcome<>(committed.checked.run(), applied.value(), true);
    }

    /** Whether RUN.json still holds exactly {@code bytes} and no dead driver's lease waits to be reaped. */
    private boolean stillAsRead(String runId, byte[] bytes) {
        if (Files.exists(leases.file(runId))) {
            RunLease lease = leases.read(runId);
            if (lease != null && lease.deadOnThisHost()) {
                return false; // the next read reaps it, in a transaction of its own
            }
        }
        try {
            return Arrays.equals(Files.readAllBytes(paths.runJson(runId)), bytes);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean newFilesAbsent(Change<?> change) {
        for (Path f : change.newFiles().keySet()) {
            if (Files.exists(f)) {
                return false;
            }
        }
        return true;
    }

    /** A change checked against the schema and staged in temp files, ready to be renamed into place. */
    private final class Prepared implements AutoCloseable {
        final Checked checked;
        final List<AtomicFiles.Staged> files = new ArrayList<>();
        AtomicFiles.Staged record;
        boolean committed;

        Prepared(Change<?> change) {
            checked = check(change.next());
            try {
                for (Map.Entry<Path, byte[]> f : change.newFiles().entrySet()) {
                    files.add(AtomicFiles.stage(f.getKey(), f.getValue()));
                }
                record = AtomicFiles.stage(paths.runJson(checked.run().runId()), checked.bytes());
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The new files first, then RUN.json: a crash in between leaves an attempt file RUN.json adopts later. */
        void commit() {
            String runId = checked.run().runId();
            if (!holds(runId)) {
                throw new IllegalStateException("writing " + runId + " without holding its lock");
            }
            for (AtomicFiles.Staged f : files) {
                f.commit();
            }
            record.commit();
            committed = true;
            validated.put(runId, new Validated(checked.bytes(), new LoadedRun(runId, paths.runJson(runId), checked.tree(), checked.run()),
                    Source.WRITTEN));
        }

        /** Makes the renames durable: after the lock is released (the contents were fsynced before it was taken). */
        void sync() {
            for (AtomicFiles.Staged f : files) {
                f.sync();
            }
            record.sync();
        }

        @Override
        public void close() {
            for (AtomicFiles.Staged f : files) {
                f.close();
            }
            if (record != null) {
                record.close();
            }
        }
    }

    private Prepared prepare(Change<?> change) {
        return new Prepared(change);
    }

    /** Holds the run's lock around work that spans more than one file (e.g. an attempt file and RUN.json). */
    public RunLock lock(String runId) {
        refuseSymlinkedFolders(runId);
        Path logs = IgnoredFolder.ensure(paths.logsDir(runId));
        RunLock lock = RunLock.acquire(lockFile(runId), lockTimeout, runId);
        LockTrace trace = lockTrace;
        if (trace != null) {
            long lockedAt = System.nanoTime();
            long cpuAt = trace.cpuNanos();
            lock.onClose(() -> trace.append(logs, (System.nanoTime() - lockedAt) / 1_000_000.0,
                    (trace.cpuNanos() - cpuAt) / 1_000_000.0, lock.note()));
        }
        if (!overDriver) {
            try {
                leases.refuseOtherDriver(runId);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
        }
        return lock;
    }

    /** Where lock holds are timed ({@code ORUN_TRACE_LOCK}), or null. */
    private LockTrace lockTrace;

    /**
     * From now on every release of a run's lock appends {@code command held_ms} to {@code logs/<fileName>} of that
     * run: opt-in timing of how long a write holds the lock (for {@code bench/lock-hold.sh}). Never in the record.
     */
    public RunStore traceLocks(String fileName, String command) {
        lockTrace = LockTrace.of(fileName, command);
        return this;
    }

    /** Whether this store writes even while another live process drives the run (see {@link #overDriver()}). */
    private boolean overDriver;

    /**
     * From now on this store takes the run's lock even while another live process drives the run ({@link #lock}
     * refuses that with exit 6 otherwise): for {@code orun kill}, whose very purpose is to end what the driver runs.
     */
    public RunStore overDriver() {
        overDriver = true;
        return this;
    }

    /**
     * Every write of a run goes through its lock: a run folder (or a runs folder inside the repository) that is a
     * symlink leading elsewhere would take the writes outside the repository, so it is refused (exit 4).
     */
    private void refuseSymlinkedFolders(String runId) {
        try {
            Path runs = paths.runsDir();
            if (Files.exists(runs) && runs.startsWith(paths.root())) {
                Path realRoot = paths.root().toRealPath();
                if (!runs.toRealPath().startsWith(realRoot)) {
                    throw OrunException.invalid(paths.relative(runs) + " is a symlink leading outside the repository: "
                            + "orun writes records only inside it; make it a real folder (or set ORUN_RUNS_DIR to move runs on purpose)");
                }
            }
            Path dir = paths.runDir(runId);
            if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && (Files.isSymbolicLink(dir) || !dir.toRealPath().startsWith(runs.toRealPath()))) {
                throw OrunException.invalid(paths.relative(dir) + " is a symlink: orun writes a run only into its own folder; "
                        + "replace the link with the run's folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + paths.relative(paths.runDir(runId)) + ": " + e.getMessage(), e);
        }
    }

    private Path lockFile(String runId) {
        return paths.logsDir(runId).resolve("run.lock");
    }

    /** Whether this thread holds the run's lock (through this store or another of this JVM). */
    private boolean holds(String runId) {
        return RunLock.heldByCurrentThread(lockFile(runId));
    }

    /** The run's lock, or null when this thread holds it already. */
    RunLock lockUnlessHeld(String runId) {
        return holds(runId) ? null : lock(runId);
    }

    /** The secrets masked in everything this store writes (attempt files are scrubbed with them too). */
    public dev.orun.http.Secrets secrets() {
        return secrets;
    }

    /** Validates and writes RUN.json; the caller holds the lock. */
    public void write(RunRecord run) {
        write(check(run));
    }

    /**
     * Serialises {@code run} and validates it against run.schema.json, without writing it (so that a caller can
     * refuse before writing anything else). A record that would break its schema is orun's bug: it is never written.
     */
    public Checked check(RunRecord given) {
        RunRecord run = given;
        UnaryOperator<String> text = recordText();
        boolean pii = text != NO_SCRUB;
        if (!secrets.isEmpty() || pii) {
            ObjectNode raw = RecordTrees.toTree(given);
            boolean changed = secrets.scrubTree(raw);
            if (pii) {
                Validated seen = validated.get(given.runId());
                int onDisk = seen == null || seen.run.record() == null ? 0 : seen.run.record().events().size();
                changed |= RecordText.scrubRun(raw, onDisk, text);
            }
            if (changed) {
                run = RecordTrees.fromTree(raw, RunRecord.class);
            }
        }
        // One binding of the record to a tree: the new events' stamps need the state's digest, which the events do not
        // change (the state is all but the events and the seal), so the tree of the record as given serves both.
        ObjectNode tree = RecordTrees.toTree(run);
        String[] state = new String[1];
        RunRecord stamped = stampNewEvents(run, tree, state);
        if (stamped != run) {
            tree.set("events", RecordTrees.toTree(stamped.events()));
        }
        Validated before = validated.get(run.runId());
        tree.set("seal", RecordSeal.seal(tree, state[0], before != null && before.sealedHere() ? before.run.tree() : null));
        List<Violation> violations = schemas.check(SchemaValidator.RUN, tree);
        if (!violations.isEmpty()) {
            Validated seen = validated.get(run.runId());
            if (seen != null && seen.fromMemo()) {
                // Read on the memo's word: the record as read may be what breaks the schema (a forged entry). Then that
                // is the error (exit 4, naming the field), as a full read would have said; else it is orun's bug.
                parseAndValidate(run.runId(), seen.run.file(), seen.bytes, false);
            }
            throw new IllegalStateException("refusing to write " + paths.relative(paths.runJson(run.runId()))
                    + " that breaks run.schema.json: " + violations);
        }
        return new Checked(stamped, tree, JsonText.prettyBytes(tree));
    }

    /** The record-text scrubber, loaded once. */
    private UnaryOperator<String> recordText() {
        UnaryOperator<String> t = recordText;
        if (t == null) {
            t = recordTextSource.get();
            recordText = t;
        }
        return t;
    }

    /** Agents' or models' text as a record may carry it: secrets masked, PII scrubbed (orun.yaml's {@code scrub.records}). */
    public String scrubText(String text) {
        return text == null ? null : recordText().apply(secrets.scrub(text));
    }

    /**
     * The attempt with its text fields scrubbed (failure reason, validation messages, agent_run detail): what a caller
     * seals into the attempt file, so that the file and its copy in RUN.json stay equal.
     */
    public Attempt scrubAttempt(Attempt attempt) {
        ObjectNode tree = RecordTrees.toTree(attempt);
        return RecordText.scrubAttempt(tree, new ScrubText()) ? RecordTrees.fromTree(tree, Attempt.class) : attempt;
    }

    /** {@link #scrubText} as an operator: a class, not {@code this::scrubText} (no lambda on a write, see {@link Step}). */
    private final class ScrubText implements UnaryOperator<String> {
        @Override
        public String apply(String text) {
            return scrubText(text);
        }
    }

    /**
     * The events this write appends (those beyond what was last read or written) carry the digest of the state
     * being written, and are re-chained from the first of them; the events already on disk stay as they are.
     */
    private RunRecord stampNewEvents(RunRecord run, JsonNode tree, String[] stateOut) {
        Validated seen = validated.get(run.runId());
        List<RunEvent> before = seen == null || seen.run.record() == null ? List.of() : seen.run.record().events();
        List<RunEvent> events = run.events();
        int known = 0;
        List<RunEvent> out = new ArrayList<>();
        // A caller may hold the record from before the last write stamped its events: those keep their stamps.
        while (known < events.size() && known < before.size() && sameEvent(events.get(known), before.get(known))) {
            out.add(before.get(known));
            known++;
        }
        if (known >= events.size()) {
            return sameEvents(out, events) ? run : run.withEvents(out);
        }
        String state = RecordSeal.stateSha256(tree);
        stateOut[0] = state;
        String prev = known == 0 ? null : events.get(known - 1).sha256();
        for (RunEvent e : events.subList(known, events.size())) {
            RunEvent unsigned = new RunEvent(e.seq(), e.timestamp(), e.type(), e.message(), e.gate(), e.attempt(), prev, null, state);
            RunEvent signed = new RunEvent(e.seq(), e.timestamp(), e.type(), e.message(), e.gate(), e.attempt(), prev,
                    EventChain.hash(unsigned), state);
            out.add(signed);
            prev = signed.sha256();
        }
        return run.withEvents(out);
    }

    /** The same event, but that {@code a} may not be stamped yet (no state digest, prev or hash of its own). */
    private static boolean sameEvent(RunEvent a, RunEvent b) {
        return equal(a, b) || a.stateSha256() == null && a.seq() == b.seq() && a.timestamp().equals(b.timestamp())
                && a.type().equals(b.type()) && java.util.Objects.equals(a.message(), b.message())
                && java.util.Objects.equals(a.gate(), b.gate()) && java.util.Objects.equals(a.attempt(), b.attempt());
    }

    private static boolean sameEvents(List<RunEvent> a, List<RunEvent> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A record's own equals, field by field: a record's generated equals is bootstrapped through invokedynamic
     * (ObjectMethods), whose first call costs a short write ~20 ms of method-handle spinning.
     */
    private static boolean equal(RunEvent a, RunEvent b) {
        return a == b || a.seq() == b.seq() && a.timestamp().equals(b.timestamp()) && a.type().equals(b.type())
                && java.util.Objects.equals(a.message(), b.message()) && java.util.Objects.equals(a.gate(), b.gate())
                && java.util.Objects.equals(a.attempt(), b.attempt()) && java.util.Objects.equals(a.prev(), b.prev())
                && java.util.Objects.equals(a.sha256(), b.sha256()) && java.util.Objects.equals(a.stateSha256(), b.stateSha256());
    }

    /** Writes a checked RUN.json atomically; the caller holds the lock. */
    public void write(Checked checked) {
        if (!holds(checked.run().runId())) {
            throw new IllegalStateException("writing " + checked.run().runId() + " without holding its lock");
        }
        Path file = paths.runJson(checked.run().runId());
        AtomicFiles.write(file, checked.bytes());
        memo.remember(checked.run().runId(), checked.bytes());
        validated.put(checked.run().runId(), new Validated(checked.bytes(), new LoadedRun(checked.run().runId(), file,
                checked.tree(), checked.run()), Source.WRITTEN));
    }

    /** Run ids in the runs folder, newest first (ids sort by start time). Temp and hidden entries are skipped. */
    public List<String> runIds() {
        List<String> ids = unsortedRunIds();
        ids.sort(Collections.reverseOrder());
        return ids;
    }

    /** The run ids in the runs folder, in the order the file system lists them. */
    List<String> unsortedRunIds() {
        List<String> ids = new ArrayList<>();
        String[] names = paths.runsDir().toFile().list();
        if (names == null) {
            return ids;
        }
        for (String name : names) {
            // Only run folders; a stray file named run_* has no RUN.json and is reported where it is read.
            if (name.startsWith("run_")) {
                ids.add(name);
            }
        }
        return ids;
    }

    /**
     * The full run id for what a user typed: the id itself, a unique prefix of it, or a unique prefix of its
     * random suffix. An ambiguous prefix lists the candidates (exit 2).
     */
    public String resolveId(String typed) {
        if (typed == null || typed.isBlank()) {
            throw OrunException.usage("missing run id: pass --run ID (see 'orun run list')");
        }
        // A run id names one folder of the runs folder: 'run_X/../Y' would lead a write elsewhere.
        if (typed.contains("/") || typed.contains("\\") || typed.indexOf('\0') >= 0 || typed.equals(".") || typed.equals("..")) {
            throw OrunException.invalid("--run '" + typed.replace("\0", "\\0") + "' is not a run id: a run id is the name of one folder in "
                    + paths.relative(paths.runsDir()) + ", with no '/', '\\' or '..': pass it as 'orun run list' prints it");
        }
        if (Files.isDirectory(paths.runDir(typed)) && typed.startsWith("run_")) {
            return typed;
        }
        List<String> matches = new ArrayList<>();
        for (String id : runIds()) {
            if (id.startsWith(typed) || RunIds.suffix(id).startsWith(typed)) {
                matches.add(id);
            }
        }
        if (matches.isEmpty()) {
            throw OrunException.notFound("run " + typed + " not found in " + paths.relative(paths.runsDir())
                    + ": list runs with 'orun run list'");
        }
        if (matches.size() > 1) {
            throw new OrunException(Exit.USAGE, "run id '" + typed + "' is ambiguous; it matches " + matches.size()
                    + " runs: " + String.join(", ", matches.subList(0, Math.min(10, matches.size())))
                    + (matches.size() > 10 ? ", …" : "") + ": type more of the id");
        }
        return matches.get(0);
    }

    public static OrunException schemaError(String where, List<Violation> violations) {
        Violation first = violations.get(0);
        String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return OrunException.invalid(where + " " + (first.pointer().isEmpty() ? "/" : first.pointer()) + ": "
                + first.message() + more + ": fix the field or restore the file with 'git checkout -- " + where + "'");
    }
}
