package io.theia.store.naive;

import io.theia.api.codec.EventHeader;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreException;
import io.theia.api.store.EventWriteException;
import io.theia.api.store.EventsInDoubtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The naive store: events in plain-text data files named {@code <start>-<end>} (docs/formats.md section 3), which
 * {@code grep}, {@code less} and the original theia read. See {@code docs/naive-store.md} for the layout.
 *
 * <p><b>Writes</b> append whole records to the file of the event's aligned time window through a buffer.
 * Buffered mode ({@code flushInterval > 0}): records reach the operating system when a reader needs them or the
 * buffer fills, and stable storage every {@code flushInterval}; a process crash loses the records still in the
 * buffer and a power loss at most the last {@code flushInterval} of saves. Synchronous mode
 * ({@code flushInterval = 0}): {@code save} returns after {@code fdatasync}; concurrent savers share one
 * (group commit). A batch is encoded, hashed and checked for repeated ids before the lock is taken
 * ({@link EncodedBatch}); under it, its ids are looked up and its records appended in runs, one per file.
 * A failed {@code saveAll} saves nothing: what it appended is cut out of the files and the index again, and in
 * synchronous mode a failed flush round rolls back every append not yet durable ({@link EventsInDoubtException}
 * when that fails). In buffered mode a failed flush round makes the store report a {@link #problem()}; it
 * retries, and refuses saves once the last good round began more than a flush interval ago.
 *
 * <p><b>Reads</b> go through an in-memory id index (21 to 43 bytes per event) and the span of each file,
 * learnt when the store opens (or read from {@code .theia/catalog} when the file has not changed since the last
 * close) and kept up to date by writes.
 *
 * <p>Thread-safe: one lock guards the files, buffers and index; searches read files outside it, decoding them on
 * a pool of one thread per processor ahead of the caller.
 */
public final class NaiveEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(NaiveEventStore.class);
    private static final String META_DIR = ".theia";
    private static final String LOCK_FILE = "lock";
    /** First retry after a failed flush round, doubled after each further failure up to the flush interval. */
    private static final long FIRST_RETRY_MILLIS = 50;

    private final NaiveStoreConfig config;
    private final Path metaDir;
    private final Path tmpDir;
    private final ReentrantLock lock = new ReentrantLock();
    private final DataFileCatalog catalog;
    private final IdIndex index;
    private final DirectorySync directory;
    private final GroupCommit commit;
    private final RetentionPolicy retention;
    /** Held from open to the end of close: no other store appends to the directory meanwhile. */
    private final DirectoryLock directoryLock;
    private final AppendingFiles appending;
    private final ThreadLocal<EncodedBatch> batches = ThreadLocal.withInitial(EncodedBatch::new);
    private final ScheduledExecutorService flusher;
    /** Whether a flush round for {@link #whenDurable()} waits on the flusher's queue. */
    private final AtomicBoolean roundRequested = new AtomicBoolean();
    /** Decodes data files ahead of the searches that read them. */
    private final ThreadPoolExecutor readers;
    /** The flusher's delay before its next retry while rounds fail. Flusher thread only. */
    private long retryMillis = FIRST_RETRY_MILLIS;
    /** The file the last event went to: consecutive events usually share it. */
    private DataFile lastTarget;
    private volatile boolean closed;

    private NaiveEventStore(NaiveStoreConfig config, Clock clock, DataFileCatalog catalog, IdIndex index,
            DirectoryLock directoryLock, FileForcing forcing) {
        this.config = config;
        this.appending = new AppendingFiles(forcing, config.maxOpenFiles());
        this.directoryLock = directoryLock;
        this.metaDir = config.dataDir().resolve(META_DIR);
        this.tmpDir = metaDir.resolve("tmp");
        this.catalog = catalog;
        this.index = index;
        this.directory = new DirectorySync(config.dataDir(), forcing);
        this.commit = new GroupCommit(lock, new GroupCommit.Flusher() {
            @Override
            public GroupCommit.Round prepare() throws IOException {
                return appending.prepareRound();
            }

            @Override
            public boolean rollBack(GroupCommit.Round failed) {
                return config.synchronous() && rollBackUndurable(failed);
            }
        }, directory, config.synchronous());
        this.retention = new RetentionPolicy(config.retention(), clock);
        this.readers = readerPool(config);
        if (config.synchronous()) {
            this.flusher = null;
        } else {
            ScheduledThreadPoolExecutor flushThread = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "theia-naive-flush " + config.dataDir());
                thread.setDaemon(true);
                return thread;
            });
            // close() forces everything itself: rounds still scheduled are dropped at shutdown, not waited for
            flushThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            this.flusher = flushThread;
            flusher.schedule(this::periodicFlush, flushPeriodMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private long flushPeriodMillis() {
        return Math.max(1, config.flushInterval().toMillis());
    }

    /**
     * The flusher's periodic round: every flush interval while rounds succeed; while they fail, retries after
     * 50 ms, doubled after each failure up to the flush interval.
     */
    private void periodicFlush() {
        flushQuietly();
        long next;
        if (commit.failing() == null) {
            retryMillis = FIRST_RETRY_MILLIS;
            next = flushPeriodMillis();
        } else {
            next = Math.min(retryMillis, flushPeriodMillis());
            retryMillis = Math.min(retryMillis * 2, flushPeriodMillis());
        }
        try {
            flusher.schedule(this::periodicFlush, next, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: close() forces everything
        }
    }

    /**
     * Opens (creating if needed) the store in the configured directory: learns its data files, repairs what a
     * crash left (see {@link TornRecordRecovery}) and applies retention.
     *
     * @throws EventStoreException naming the directory when it cannot be opened
     */
    public static NaiveEventStore open(NaiveStoreConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** Opens the store with a clock for retention; see {@link #open(NaiveStoreConfig)}. */
    public static NaiveEventStore open(NaiveStoreConfig config, Clock clock) {
        return open(config, clock, FileForcing.SYSTEM);
    }

    /** Opens the store forcing files through {@code forcing}: tests count, delay and fail forces. */
    static NaiveEventStore open(NaiveStoreConfig config, Clock clock, FileForcing forcing) {
        DirectoryLock directoryLock = null;
        try {
            Path metaDir = config.dataDir().resolve(META_DIR);
            Files.createDirectories(metaDir);
            directoryLock = DirectoryLock.acquire(config.dataDir(), metaDir.resolve(LOCK_FILE));
            StoreOpening opening = StoreOpening.load(config.dataDir(), metaDir);
            NaiveEventStore store = new NaiveEventStore(config, clock, opening.catalog(), opening.index(),
                    directoryLock, forcing);
            store.lock.lock();
            try {
                store.applyRetention(null);
            } finally {
                store.lock.unlock();
            }
            return store;
        } catch (DataDirectoryLockedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (directoryLock != null) {
                try {
                    directoryLock.close();
                } catch (IOException releasing) {
                    e.addSuppressed(releasing);
                }
            }
            throw new EventStoreException("cannot open the naive store in " + config.dataDir() + ": " + e, e);
        }
    }

    @Override
    public void saveAll(List<Event> events) {
        requireOpen();
        if (events.isEmpty()) {
            return;
        }
        refuseWhileFailing();
        EncodedBatch batch = batches.get();
        try {
            batch.encode(events, EventReader.DEFAULT_MAX_EVENT_BYTES);
            rejectInvalid(events, batch);
            long sequence;
            lock.lock();
            try {
                requireOpen();
                rejectStored(events, batch);
                appendAll(events, batch);
                sequence = commit.nextSequence();
            } finally {
                lock.unlock();
            }
            if (config.synchronous()) {
                try {
                    commit.awaitDurable(sequence);
                } catch (GroupCommit.RolledBackException e) {
                    throw new EventWriteException("saving events to " + config.dataDir() + " failed: "
                            + e.getMessage() + "; nothing of the batch was saved", e);
                } catch (IOException e) {
                    throw new EventsInDoubtException("saving events to " + config.dataDir() + " failed: "
                            + e.getMessage() + "; rolling the batch back failed too, so it may be stored", e);
                }
            }
        } finally {
            batch.trim();
        }
    }

    /**
     * Synchronous mode: completed, since every save that returned was forced. Buffered mode: asks the flusher
     * thread for a flush round now (one round serves every caller that asked while it waited) and completes once
     * a round that began after this call forced the data files; no thread waits meanwhile.
     */
    @Override
    public CompletionStage<Void> whenDurable() {
        requireOpen();
        if (config.synchronous()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> settled;
        lock.lock();
        try {
            requireOpen();
            settled = commit.whenSettled(commit.lastSequence());
        } finally {
            lock.unlock();
        }
        if (!settled.isDone()) {
            requestRound();
        }
        return settled.exceptionallyCompose(failure -> {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            return CompletableFuture.failedFuture(new EventsInDoubtException("the events saved to "
                    + config.dataDir() + " are not known to be on stable storage: " + cause.getMessage()
                    + "; they stay saved and the store retries", failure));
        });
    }

    /**
     * Buffered mode: while flush rounds fail, the store keeps accepting saves until the last successful round
     * began a flush interval ago (so that what a crash can lose stays within the documented bound), then refuses
     * them until a round succeeds. Synchronous mode refuses nothing here: each save runs its own round.
     */
    private void refuseWhileFailing() {
        Exception failing = commit.failing();
        if (failing != null && !config.synchronous()
                && System.nanoTime() - commit.lastSuccessStart() > config.flushInterval().toNanos()) {
            throw new EventWriteException("the naive store in " + config.dataDir() + " refuses events: it has not "
                    + "written its data files to disk for more than its flush interval (" + config.flushInterval()
                    + "): " + failing.getMessage() + "; nothing of the batch was saved", failing);
        }
    }

    /**
     * Present while the last flush round (buffered mode) or save (synchronous mode) failed to put the data files
     * on stable storage, with the cause; empty again after the first round that succeeds.
     */
    @Override
    public Optional<String> problem() {
        Exception failing = commit.failing();
        if (failing == null) {
            return Optional.empty();
        }
        return Optional.of("writing the data files in " + config.dataDir() + " to disk fails since "
                + Instant.ofEpochMilli(commit.failingSinceMillis()) + " (" + commit.failedRounds()
                + " failed rounds so far): " + failing.getMessage()
                + (config.synchronous() || System.nanoTime() - commit.lastSuccessStart()
                        <= config.flushInterval().toNanos() ? "" : "; saves are refused until it works again"));
    }

    /** Has the flusher thread run a flush round soon, unless one is already queued. */
    private void requestRound() {
        if (roundRequested.compareAndSet(false, true)) {
            try {
                flusher.execute(() -> {
                    roundRequested.set(false);
                    flushQuietly();
                });
            } catch (RejectedExecutionException e) {
                roundRequested.set(false);
                // closing: close() forces everything and settles the waiting completions
            }
        }
    }

    /** Rejects the batch at its first event that repeats an id of the batch or is too large to be read back. */
    private static void rejectInvalid(List<Event> events, EncodedBatch batch) {
        int duplicate = batch.firstDuplicate();
        int tooLarge = batch.firstTooLarge();
        if (duplicate >= 0 && (tooLarge < 0 || duplicate <= tooLarge)) {
            throw new EventWriteException("event id '" + events.get(duplicate).id() + "' appears twice in the "
                    + "batch; nothing of the batch was saved");
        }
        if (tooLarge >= 0) {
            throw new EventWriteException("event '" + events.get(tooLarge).id() + "' is "
                    + (batch.recordLength(tooLarge) - 1) + " bytes serialized, more than the "
                    + EventReader.DEFAULT_MAX_EVENT_BYTES + " bytes a reader accepts; nothing of the batch was saved");
        }
    }

    /** Under the lock: rejects the batch at its first event whose id is already stored. */
    private void rejectStored(List<Event> events, EncodedBatch batch) {
        long[] hashes = batch.hashes();
        for (int i = index.firstPresent(hashes, 0, batch.size()); i >= 0;
                i = index.firstPresent(hashes, i + 1, batch.size())) {
            String id = events.get(i).id();
            if (locate(id, hashes[i]) != 0) {
                throw new DuplicateEventException(List.of(id), "an event with id '" + id + "' is already stored; "
                        + "nothing of the batch was saved");
            }
        }
    }

    @Override
    public Event get(String id) {
        requireOpen();
        lock.lock();
        try {
            requireOpen();
            long location = locate(id);
            if (location == 0) {
                throw new EventNotFoundException(id);
            }
            DataFile file = catalog.byId(IdIndex.Locations.fileId(location));
            long offset = IdIndex.Locations.offset(location);
            try {
                return RecordReader.eventAt(file.path, offset, appending.readable(file));
            } catch (IOException | RuntimeException e) {
                throw new EventReadException("reading event '" + id + "' at byte offset " + offset + " of data file "
                        + file.path + " failed: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        requireOpen();
        lock.lock();
        try {
            requireOpen();
            long location = locate(id);
            if (location == 0) {
                return false;
            }
            DataFile file = catalog.byId(IdIndex.Locations.fileId(location));
            long offset = IdIndex.Locations.offset(location);
            try {
                appending.stop(file);
                EventHeader header = RecordReader.headerAt(file.path, offset);
                long end = header.endOffset();
                long count = header.recordBytes() + (end < file.length && separatorAt(file, end) ? 1 : 0);
                Files.createDirectories(tmpDir);
                RecordRemover.remove(file.path, file.length, offset, count, tmpDir.resolve(file.name + ".rewrite"),
                        directory);
                index.remove(IdIndex.hash(id), location);
                index.shift(file.id, offset + count, -count);
                file.length -= count;
                file.records--;
                if (file.records == 0) {
                    removeFile(file);
                    directory.force();
                }
                return true;
            } catch (IOException | RuntimeException e) {
                throw new EventWriteException("deleting event '" + id + "' from data file " + file.path
                        + " failed; the event is still stored: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        requireOpen();
        List<DataFile.Snapshot> files;
        lock.lock();
        try {
            requireOpen();
            // each file's buffered records are handed over (or copied, on a full disk) as the search reaches it
            files = catalog.overlapping(query.start().orElse(null), query.end().orElse(null));
        } finally {
            lock.unlock();
        }
        byte[] literal = query.content().map(pattern -> RequiredLiteral.of(pattern.pattern())).orElse(null);
        SearchMerger merger = new SearchMerger(files, query.order(), readers.getMaximumPoolSize(),
                file -> ReadAheadCursor.start(file.file(), () -> openCursor(file, query, literal), query.limit(),
                        readers));
        Stream<Event> stream = StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(merger, Spliterator.ORDERED | Spliterator.NONNULL), false);
        return stream.onClose(merger::close).limit(query.limit());
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        readers.shutdown();
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Exception notForced = new EventWriteException("the naive store in " + config.dataDir() + " was closed");
        lock.lock();
        try {
            try {
                appending.closeAll();
                directory.force();
                notForced = null;
            } catch (IOException | RuntimeException e) {
                notForced = new EventWriteException("closing the naive store in " + config.dataDir()
                        + " failed: forcing the data files to disk failed: " + e.getMessage(), e);
                throw e;
            }
            Files.createDirectories(tmpDir);
            for (DataFile file : new ArrayList<>(catalog.files())) {
                if (Files.exists(file.path)) {
                    file.fileKey = Files.readAttributes(file.path, BasicFileAttributes.class).fileKey();
                } else {
                    catalog.remove(file);
                }
            }
            CatalogSnapshot.write(metaDir.resolve("catalog"), tmpDir.resolve("catalog.tmp"), catalog, index);
        } catch (IOException e) {
            throw new EventStoreException("closing the naive store in " + config.dataDir() + " failed: "
                    + e.getMessage(), e);
        } finally {
            try {
                directoryLock.close();
            } catch (IOException e) {
                LOG.warn("releasing the lock of {} failed", config.dataDir(), e);
            } finally {
                lock.unlock();
                commit.settleAll(notForced);
            }
        }
    }

    @Override
    public String toString() {
        return "NaiveEventStore[" + config.dataDir() + "]";
    }

    /** The location of the stored event with this id, or 0; under the lock. */
    private long locate(String id) {
        return locate(id, IdIndex.hash(id));
    }

    /** The location of the stored event with this id and id hash, or 0; under the lock. */
    private long locate(String id, long hash) {
        long[] found = {0};
        index.forEach(hash, location -> {
            if (found[0] == 0 && idAt(location).equals(id)) {
                found[0] = location;
            }
        });
        return found[0];
    }

    private String idAt(long location) {
        DataFile file = catalog.byId(IdIndex.Locations.fileId(location));
        long offset = IdIndex.Locations.offset(location);
        try {
            return RecordReader.headerAt(file.path, offset, appending.readable(file)).id();
        } catch (IOException | RuntimeException e) {
            throw new EventReadException("reading the event at byte offset " + offset + " of data file " + file.path
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Under the lock: appends the batch's records. Consecutive events that go to the same file are appended as one
     * run of bytes and then indexed; a file is rolled or created only between runs.
     */
    private void appendAll(List<Event> events, EncodedBatch batch) {
        long[] locations = batch.locations();
        int count = batch.size();
        int first = 0;
        while (first < count) {
            DataFile file = null;
            try {
                file = fileFor(events.get(first).timestamp());
                AppendTarget target = appending.targetFor(file);
                long length = file.length;
                int end = first;
                do {
                    locations[end] = IdIndex.Locations.of(file.id, length);
                    length += batch.recordLength(end);
                    end++;
                } while (end < count && length < config.maxFileBytes()
                        && file.name.holds(events.get(end).timestamp().getEpochSecond()));
                target.append(batch.bytes(), batch.start(first), batch.start(end) - batch.start(first));
                file.length = length;
                for (int i = first; i < end; i++) {
                    file.include(events.get(i).timestamp());
                }
                index.addAll(batch.hashes(), locations, first, end);
                first = end;
            } catch (IOException | RuntimeException e) {
                String what = "saving event '" + events.get(first).id() + "' to data file "
                        + (file == null ? config.dataDir() : file.path) + " failed: " + e.getMessage();
                try {
                    rollBackBatch(locations, batch.hashes(), first);
                    if (file != null && catalog.byId(file.id) == file && file.records == 0 && file.length == 0) {
                        removeFile(file); // created for the run that failed
                    }
                } catch (IOException | RuntimeException rolling) {
                    e.addSuppressed(rolling);
                    throw new EventsInDoubtException(what + "; rolling the batch's first " + first
                            + " events back failed (" + rolling.getMessage() + "), so they may be stored", e);
                }
                throw new EventWriteException(what + "; nothing of the batch was saved", e);
            }
        }
    }

    /**
     * Under the lock, after appending a batch failed: removes its first {@code count} events, which were appended
     * and indexed, from the index and cuts their files back to where the batch began in them (forcing the cut, so
     * that a crash cannot bring them back). They are the last records of their files, since the lock was held.
     */
    private void rollBackBatch(long[] locations, long[] hashes, int count) throws IOException {
        if (count == 0) {
            return;
        }
        Map<DataFile, Long> starts = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            DataFile file = catalog.byId(IdIndex.Locations.fileId(locations[i]));
            if (file == null) {
                continue; // removed by retention meanwhile, its records with it
            }
            index.remove(hashes[i], locations[i]);
            file.records--;
            starts.merge(file, IdIndex.Locations.offset(locations[i]), Math::min);
        }
        cutFilesBack(starts);
    }

    /** Under the lock: cuts each file back to a length, in memory and on disk; drops files left empty. */
    private void cutFilesBack(Map<DataFile, Long> lengths) throws IOException {
        IOException failed = null;
        for (Map.Entry<DataFile, Long> cut : lengths.entrySet()) {
            DataFile file = cut.getKey();
            file.length = Math.min(file.length, cut.getValue());
            try {
                appending.cutBack(file, cut.getValue());
                if (file.records == 0 && file.length == 0) {
                    removeFile(file);
                }
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else if (failed != e) {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Synchronous mode, under the lock, after a flush round failed: every append the round and the waiting savers
     * made is not on stable storage and its saver is told it failed, so all of them are rolled back: the index
     * forgets them and each file is cut back to what is durable. Returns whether every cut worked.
     */
    private boolean rollBackUndurable(GroupCommit.Round failed) {
        Map<DataFile, Long> cuts = appending.undurable(failed);
        for (Map.Entry<DataFile, Long> cut : cuts.entrySet()) {
            DataFile file = cut.getKey();
            if (catalog.byId(file.id) != file) {
                continue;
            }
            file.records -= index.removeFrom(file.id, cut.getValue());
        }
        cuts.keySet().removeIf(file -> catalog.byId(file.id) != file);
        try {
            cutFilesBack(cuts);
            appending.forgetClosed();
            return true;
        } catch (IOException e) {
            LOG.error("rolling back the saves a failed flush round failed in {} failed", config.dataDir(), e);
            return false;
        }
    }

    /** The file an event goes to: its window's file for its second, rolled over when full. */
    private DataFile fileFor(Instant timestamp) throws IOException {
        long second = timestamp.getEpochSecond();
        DataFile last = lastTarget;
        if (last != null && last.name.holds(second) && last.length < config.maxFileBytes()
                && catalog.byId(last.id) == last) {
            return last;
        }
        DataFile file = catalog.fileFor(second, config.window());
        if (file != null && file.length >= config.maxFileBytes() && roll(file)) {
            file = catalog.fileFor(second, config.window());
        }
        if (file == null) {
            file = catalog.add(catalog.freeRange(second, config.window()));
            appending.directoryChanged();
            applyRetention(file);
        }
        lastTarget = file;
        return file;
    }

    /** Renames a full file to end at its latest second, so that later seconds go to a new file. */
    private boolean roll(DataFile file) throws IOException {
        if (file.maxTimestamp == null) {
            return false;
        }
        long latest = file.maxTimestamp.getEpochSecond();
        if (latest >= file.name.end() || latest < file.name.start()
                || file.minTimestamp.getEpochSecond() < file.name.start()) {
            return false;
        }
        DataFileName shorter = new DataFileName(file.name.start(), latest);
        if (catalog.byName(shorter) != null) {
            return false;
        }
        appending.drain(file);
        Path renamed = file.path.resolveSibling(shorter.toString());
        Files.move(file.path, renamed, StandardCopyOption.ATOMIC_MOVE);
        directory.force();
        catalog.renamed(file, shorter);
        return true;
    }

    private boolean separatorAt(DataFile file, long offset) throws IOException {
        try (FileRegion region = FileRegion.open(file.path, offset + 1)) {
            return region.length() > offset && region.byteAt(offset) == '\n';
        }
    }

    private void applyRetention(DataFile keep) {
        if (!config.retention().limited()) {
            return;
        }
        for (DataFile file : retention.expired(catalog.files(), keep)) {
            try {
                removeFile(file);
                LOG.info("retention removed data file {}", file.path);
            } catch (IOException e) {
                LOG.error("retention could not remove data file {}", file.path, e);
            }
        }
    }

    private void removeFile(DataFile file) throws IOException {
        appending.discard(file);
        Files.deleteIfExists(file.path);
        index.removeFile(file.id);
        catalog.remove(file);
        appending.directoryChanged();
    }

    /** One reader thread per processor, started on demand and ended after a minute unused. */
    private static ThreadPoolExecutor readerPool(NaiveStoreConfig config) {
        int threads = Runtime.getRuntime().availableProcessors();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "theia-naive-search " + config.dataDir());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private void flushQuietly() {
        boolean wasFailing = commit.failing() != null;
        try {
            commit.forceAll();
        } catch (IOException | RuntimeException e) {
            if (!wasFailing) {
                LOG.error("flushing the naive store in {} failed; retrying, and refusing saves after {} of failing",
                        config.dataDir(), config.flushInterval(), e);
            } else {
                LOG.debug("flushing the naive store in {} failed again", config.dataDir(), e);
            }
            return;
        }
        if (wasFailing && commit.failing() == null) {
            LOG.info("flushing the naive store in {} works again", config.dataDir());
        }
    }

    /** Under the lock, as the search reaches the file: the file's records as they are now. */
    private FileCursor openCursor(DataFile.Snapshot snapshot, EventQuery query, byte[] literal) throws IOException {
        FileRegion region;
        boolean sorted;
        Path path;
        lock.lock();
        try {
            DataFile file = snapshot.file();
            if (catalog.byId(file.id) != file) {
                return null;
            }
            BufferedTail tail = appending.readable(file);
            sorted = file.sorted;
            path = file.path;
            region = FileRegion.open(path, file.length, tail);
        } finally {
            lock.unlock();
        }
        return FileCursor.open(path, region, sorted, snapshot, query, literal);
    }

    private void requireOpen() {
        if (closed) {
            throw new EventStoreException("the naive store in " + config.dataDir() + " is closed");
        }
    }
}
