package io.theia.core.internal.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.store.LiveFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A store that measures its writes: {@code theia_store_save_seconds} (a timer of {@code saveAll}),
 * {@code theia_events_stored_total} and {@code theia_store_failing} (1 while the store reports a
 * {@linkplain EventStore#problem() problem}, such as failing flushes, else 0). Every call is passed on unchanged.
 * Thread-safe as the store it wraps.
 */
public final class MeteredEventStore implements EventStore {

    private final EventStore store;
    private final Timer saveTime;
    private final Counter stored;

    /** Wraps a store and registers its meters. */
    public MeteredEventStore(EventStore store, MeterRegistry registry) {
        this.store = store;
        this.saveTime = Timer.builder("theia.store.save")
                .description("Time the store took to save a batch, durably as its mode promises")
                .register(registry);
        this.stored = Counter.builder("theia.events.stored").description("Events saved to the store")
                .register(registry);
        Gauge.builder("theia.store.failing", store, failing -> failing.problem().isPresent() ? 1 : 0)
                .description("1 while the store reports a problem (see /health for the reason), else 0")
                .register(registry);
    }

    /** The store this wraps. */
    public EventStore delegate() {
        return store;
    }

    @Override
    public void saveAll(List<Event> events) {
        long start = System.nanoTime();
        try {
            store.saveAll(events);
        } finally {
            saveTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        stored.increment(events.size());
    }

    @Override
    public Event get(String id) {
        return store.get(id);
    }

    @Override
    public boolean delete(String id) {
        return store.delete(id);
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        return store.search(query);
    }

    @Override
    public long[] countPerBucket(EventQuery query, Instant origin, Duration width, int buckets) {
        return store.countPerBucket(query, origin, width, buckets);
    }

    @Override
    public Optional<LiveFeed> liveFeed() {
        return store.liveFeed();
    }

    @Override
    public Optional<String> problem() {
        return store.problem();
    }

    @Override
    public CompletionStage<Void> whenDurable() {
        return store.whenDurable();
    }

    @Override
    public void close() {
        store.close();
    }
}
