package io.theia.core.internal.client;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The results of one {@code /find} on several collectors ({@link CollectorGroup#find}), merged lazily k-way by
 * timestamp in the query's order ({@link TimeOrder}); events of one timestamp come collector by collector, in the
 * order the collectors were given, each collector's in the order it sent them (its store's order: a source's lines
 * stay in order); an id two collectors return at one timestamp is returned once; the query's limit counts the merged
 * result (each collector is also asked for no more than the limit: its first N are all the merge can take from it).
 * The streams are read only as far as the merge goes, and closed once it has the limit.
 *
 * <p>The collectors stream concurrently into bounded {@link FindBuffer}s, so memory stays bounded however large the
 * result: per collector, {@link MergeOptions#bufferEvents()} events plus one frame. A collector that sends its results
 * out of timestamp order (the original Python collector answers file by file) fails like a collector that broke off.
 *
 * <p>A collector that cannot be reached, refuses the query or breaks off makes {@link #hasNext()} throw a
 * {@link CollectorFailedException} naming it, as soon as its failure is known (events returned before stay
 * returned); with {@link MergeOptions#partial()}, its events received before the failure are merged, it is left out
 * from then on and named in {@link #missing()}. Iterate from one thread; {@link #close()} from any.
 */
public final class MergedFind implements Iterator<Event>, AutoCloseable {

    private final EventQuery query;
    private final boolean partial;
    private final List<Input> inputs = new ArrayList<>();
    private final PriorityQueue<Input> heads;
    private final Comparator<Event> timeOrder;
    private final List<MissingCollector> missing = new ArrayList<>();
    private final Set<String> idsAtTimestamp = new HashSet<>();
    private Instant timestamp;
    private String firstId;
    private Input toAdvance;
    private Event pending;
    private long returned;
    private boolean started;
    private volatile boolean closed;

    MergedFind(EventQuery query, List<FindBuffer> buffers, boolean partial) {
        this.query = query;
        this.partial = partial;
        this.timeOrder = TimeOrder.of(query.order());
        this.heads = new PriorityQueue<>(Comparator.<Input, Event>comparing(input -> input.head, timeOrder)
                .thenComparingInt(input -> input.index));
        for (FindBuffer buffer : buffers) {
            inputs.add(new Input(inputs.size(), buffer));
        }
    }

    /**
     * Whether another event follows; waits for the collectors as needed.
     *
     * @throws CollectorFailedException when a collector failed and partial results were not asked for, or when every
     *     collector failed
     * @throws CollectorException when the waiting thread is interrupted (its interrupt flag is set again)
     */
    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        try {
            merge();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CollectorException("interrupted while merging the collectors' results", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return pending != null;
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Event event = pending;
        pending = null;
        return event;
    }

    /** The collectors missing from the results so far (only with partial results asked for), in failure order. */
    public synchronized List<MissingCollector> missing() {
        return List.copyOf(missing);
    }

    /**
     * The collectors whose {@code /find} ended because they sent nothing for {@link MergeOptions#closeTimeout()}
     * rather than closing it (the original Python collector never closes it): if one was merely slow, events may be
     * missing.
     */
    public List<URI> endedIdle() {
        return inputs.stream().filter(input -> input.buffer.endedIdle()).map(input -> input.buffer.collector())
                .toList();
    }

    /** The most events one collector's buffer held at once so far (at most its bound plus one frame). */
    int mostBuffered() {
        return inputs.stream().mapToInt(input -> input.buffer.mostHeld()).max().orElse(0);
    }

    /** Whether every collector's stream is held because its buffer is full (for tests of the bound). */
    boolean everyStreamHeld() {
        return inputs.stream().allMatch(input -> input.buffer.held());
    }

    /** How many events each collector sent so far, in the group's order. */
    List<Long> received() {
        return inputs.stream().map(input -> input.buffer.received()).toList();
    }

    /** Stops reading: closes every collector's stream. Idempotent. */
    @Override
    public void close() {
        closed = true;
        inputs.forEach(input -> input.buffer.close());
    }

    /** Whether {@link #close()} was called (a stream still connecting is closed once it is connected). */
    boolean closed() {
        return closed;
    }

    private void merge() throws InterruptedException {
        if (closed) {
            return;
        }
        if (!started) {
            started = true;
            for (Input input : inputs) {
                advance(input);
            }
        }
        while (pending == null && returned < query.limit()) {
            if (toAdvance != null) {
                Input input = toAdvance;
                toAdvance = null;
                advance(input);
            }
            failFast();
            Input input = heads.poll();
            if (input == null) {
                break;
            }
            Event event = input.head;
            toAdvance = input;
            if (firstAtTimestamp(event) || idsAtTimestamp.add(event.id())) {
                pending = event;
                returned++;
            }
        }
        if (pending == null) {
            close();
            synchronized (this) {
                if (!inputs.isEmpty() && missing.size() == inputs.size()) {
                    throw new CollectorFailedException("none of the collectors could be queried: " + missing.stream()
                            .map(notice -> notice.collector() + " (" + notice.failure().getMessage() + ")").toList(),
                            missing.stream().map(MissingCollector::collector).toList(), missing.get(0).failure());
                }
            }
        }
    }

    /**
     * Whether {@code event} is the first at its timestamp (then it is certainly new); else remembers the ids of the
     * timestamp, so that the caller can tell whether it was returned already. Most timestamps have one event: no set.
     */
    private boolean firstAtTimestamp(Event event) {
        if (event.timestamp().equals(timestamp)) {
            if (firstId != null) {
                idsAtTimestamp.add(firstId);
                firstId = null;
            }
            return false;
        }
        timestamp = event.timestamp();
        firstId = event.id();
        if (!idsAtTimestamp.isEmpty()) {
            idsAtTimestamp.clear();
        }
        return true;
    }

    /** Without partial results, a failure is reported as soon as it is known, not when the merge reaches it. */
    private void failFast() {
        if (partial) {
            return;
        }
        for (Input input : inputs) {
            CollectorException failure = input.buffer.failure();
            if (failure != null && !input.exhausted) {
                throw CollectorFailedException.of(input.buffer.collector(), failure);
            }
        }
    }

    private void advance(Input input) throws InterruptedException {
        if (input.advance()) {
            heads.add(input);
        }
    }

    /** One collector's stream, whose head is its next event. */
    private final class Input {
        final int index;
        final FindBuffer buffer;
        Event head;
        boolean exhausted;

        Input(int index, FindBuffer buffer) {
            this.index = index;
            this.buffer = buffer;
        }

        /** Loads the next head; false when this collector has no more. */
        boolean advance() throws InterruptedException {
            Event next = take();
            if (next != null && head != null && timeOrder.compare(next, head) < 0) {
                fail(new CollectorException(buffer.collector() + " sent its results out of timestamp order ("
                        + next.timestamp() + " after " + head.timestamp() + "; the original Python collector "
                        + "answers file by file): they cannot be merged"));
                buffer.close();
                next = null;
            }
            head = next;
            return head != null;
        }

        /** The collector's next event, null at its end (or, with partial results, at its failure). */
        private Event take() throws InterruptedException {
            if (exhausted) {
                return null;
            }
            try {
                Event event = buffer.take();
                exhausted = event == null;
                return event;
            } catch (CollectorException e) {
                fail(e);
                return null;
            }
        }

        private void fail(CollectorException failure) {
            exhausted = true;
            if (!partial) {
                throw CollectorFailedException.of(buffer.collector(), failure);
            }
            synchronized (MergedFind.this) {
                missing.add(new MissingCollector(buffer.collector(), failure, buffer.received()));
            }
        }
    }
}
