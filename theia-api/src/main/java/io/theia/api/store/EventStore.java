package io.theia.api.store;

import io.theia.api.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * Where events are kept: save, look up, delete and search them.
 *
 * <p><b>Atomicity.</b> Each event is saved or deleted atomically: after any failure or crash an event is either
 * wholly present or absent, never half. A failed {@link #saveAll} saved nothing of the batch: no event of it is
 * visible to {@link #get} or {@link #search}, and none comes back after a restart. The one exception is an
 * {@link EventsInDoubtException}, thrown when the store could not undo a failed write: then each event of the
 * batch may or may not be stored. An event id already stored, or given twice in one batch, rejects the whole
 * batch before anything of it is saved, and is reported only when the id really is stored (or repeated): an id
 * already stored always as a {@link DuplicateEventException} (clients decide on that type, never on the message),
 * an id repeated within the batch as a plain {@link EventWriteException}.
 *
 * <p><b>Durability.</b> A store has a durability mode, set in its configuration. Synchronous: {@code save} and
 * {@code saveAll} return after the events are on stable storage. Buffered: they return once the events are
 * accepted and visible; a crash may lose at most the store's flush window, which the implementation documents.
 * In either mode {@link #whenDurable()} tells when what was saved is on stable storage: the collector holds the
 * acknowledgements of its clients and the completions of its sources until then.
 *
 * <p><b>Consistency.</b> Strict: every event whose {@code save} returned is seen by every later {@code get} and
 * {@code search}, whether it has been flushed or not; a deleted event is seen by neither.
 *
 * <p><b>Threads.</b> Implementations are thread-safe: any number of threads may save, get, delete and search at
 * once.
 *
 * <p><b>Errors.</b> Failures are {@link EventStoreException}s: {@link EventWriteException} for writes,
 * {@link EventReadException} for reads, {@link EventNotFoundException} for an unknown id. Messages name the
 * file, byte offset or event. Every operation on a closed store throws {@link EventStoreException}.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Saves one event; see {@link #saveAll(List)}.
     *
     * @throws DuplicateEventException when its id is already stored
     * @throws EventWriteException when the event cannot be saved
     */
    default void save(Event event) {
        saveAll(List.of(event));
    }

    /**
     * Saves events, in order. Returns once they are visible to {@link #get} and {@link #search}, and durable as
     * the store's mode promises.
     *
     * @throws DuplicateEventException when an id of the batch is already stored; nothing of the batch is stored
     * @throws EventWriteException when an event cannot be saved, names it; nothing of the batch is stored then.
     *     An id that appears twice in the batch rejects the whole batch
     * @throws EventsInDoubtException when the write failed and could not be undone: the batch may be stored
     */
    void saveAll(List<Event> events);

    /**
     * Why the store cannot currently be relied on to keep what it is given, or empty while it works: for example a
     * buffered store whose flushes to disk fail. The collector's {@code /health} reports it. A store recovers by
     * itself (the next successful flush clears it). Must be cheap: it is asked on every health check and metrics
     * scrape. The default knows of no problem.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /**
     * Tells when every event whose {@code save} or {@code saveAll} returned before this call is on stable storage:
     * the returned completion finishes normally then, or exceptionally with an {@link EventWriteException} when
     * the store failed to make them durable (an {@code fdatasync} or commit failed): an
     * {@link EventsInDoubtException} when the events stay saved and visible but are not known to be on stable
     * storage. Events saved after the call
     * are not waited for. Returns at once and holds no thread while waiting; a buffered store should make the
     * events durable soon rather than at its next periodic flush, since callers wait for the completion to
     * acknowledge. A synchronous store returns a completed stage. The completion may finish on a thread of the
     * store: keep what depends on it short or hand it to an executor.
     *
     * <p>The default implementation does not know the store's durability and so never claims it: its completion
     * fails with {@link UnsupportedOperationException}, and the collector fails the acknowledgements that wait
     * for it. A store whose {@code saveAll} returns only after the events are durable (synchronous by commit)
     * returns {@code CompletableFuture.completedFuture(null)}.
     *
     * @throws EventStoreException when the store is closed
     */
    default CompletionStage<Void> whenDurable() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getName()
                + " does not tell when saved events are durable (EventStore.whenDurable)"));
    }

    /**
     * Looks an event up by id.
     *
     * @return the event, equal to the one saved
     * @throws EventNotFoundException when no event with that id is stored
     * @throws EventReadException when the stored event cannot be read
     */
    Event get(String id);

    /**
     * Deletes an event atomically: afterwards neither {@link #get} nor {@link #search} returns it.
     *
     * @return {@code true} if the event was stored and is now deleted, {@code false} if no such event was stored
     * @throws EventWriteException when the deletion fails; the event is then still wholly present
     */
    boolean delete(String id);

    /**
     * Finds the events matching a query, strictly ordered by timestamp in the query's order (events with equal
     * timestamps in an unspecified order), at most {@link EventQuery#limit()} of them.
     *
     * <p>The stream is read lazily, uses memory bounded independently of the store's size and must be closed
     * (try-with-resources) to release what it holds. It sees at least every event saved before this call.
     * Failures while reading surface from the stream's operations as {@link EventReadException}.
     */
    Stream<Event> search(EventQuery query);

    /**
     * Counts the events matching a query per time bucket, for a histogram: bucket {@code i} counts the matching
     * events whose timestamp lies in {@code [origin + i × width, origin + (i + 1) × width)}. Events outside
     * {@code [origin, origin + buckets × width)} are not counted, nor are those outside the query's own
     * {@code start} and {@code end}; the query's order and limit are ignored (every match counts).
     *
     * <p>It sees at least every event saved before this call, as {@link #search} does, and stops with
     * {@link SearchCancelledException} once the query's cancellation signal is set. The default implementation
     * runs {@link #search} over the buckets' range in ascending order and counts what it returns; a store that can
     * count without reading every event (an index, {@code GROUP BY}) should override it. Its results must equal the
     * default's.
     *
     * @param query the criteria; order and limit are ignored
     * @param origin the start of the first bucket
     * @param width the length of each bucket: positive, and {@code buckets × width} at most about 292 years (what
     *     a {@code long} holds in nanoseconds)
     * @param buckets how many buckets, at least 1
     * @return the count of each bucket, {@code buckets} long, in time order
     * @throws IllegalArgumentException when the width or the number of buckets is out of range
     * @throws EventReadException when stored events cannot be read
     */
    default long[] countPerBucket(EventQuery query, Instant origin, Duration width, int buckets) {
        BucketRange range = BucketRange.of(origin, width, buckets);
        long[] counts = new long[buckets];
        EventQuery within = range.restrict(query);
        if (within == null) {
            return counts;
        }
        try (Stream<Event> events = search(within)) {
            events.forEach(event -> counts[range.bucketOf(event.timestamp())]++);
        }
        return counts;
    }

    /**
     * New events this store learns of that the collector did not ingest, for its {@code /live}: a store that answers
     * for other collectors (the {@code federated} store) offers a {@link LiveFeed} of theirs, and the collector
     * streams its events to each {@code /live} subscriber beside the events it ingests itself. The default offers
     * none: every event such a store holds came through the collector, whose {@code /live} already sees it.
     */
    default Optional<LiveFeed> liveFeed() {
        return Optional.empty();
    }

    /** Flushes everything buffered and releases every resource; idempotent. */
    @Override
    void close();
}
