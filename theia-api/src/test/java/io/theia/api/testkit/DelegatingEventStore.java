package io.theia.api.testkit;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.store.LiveFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * A store that passes every call on to another; tests extend it and override the calls they watch or break
 * (a store whose saves wait at a gate, one that ignores deletes). As thread-safe as the store it wraps.
 */
public class DelegatingEventStore implements EventStore {

    private final EventStore delegate;

    /** Wraps {@code delegate}. */
    public DelegatingEventStore(EventStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void saveAll(List<Event> events) {
        delegate.saveAll(events);
    }

    @Override
    public CompletionStage<Void> whenDurable() {
        return delegate.whenDurable();
    }

    @Override
    public Optional<String> problem() {
        return delegate.problem();
    }

    @Override
    public Event get(String id) {
        return delegate.get(id);
    }

    @Override
    public boolean delete(String id) {
        return delegate.delete(id);
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        return delegate.search(query);
    }

    @Override
    public long[] countPerBucket(EventQuery query, Instant origin, Duration width, int buckets) {
        return delegate.countPerBucket(query, origin, width, buckets);
    }

    @Override
    public Optional<LiveFeed> liveFeed() {
        return delegate.liveFeed();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
