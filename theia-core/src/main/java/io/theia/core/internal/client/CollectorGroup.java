package io.theia.core.internal.client;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client of several collectors queried as one ({@code docs/scale-out.md}): {@link #find} runs one {@code /find} on
 * every collector at once and merges the streams lazily by timestamp ({@link MergedFind});
 * {@link #live} follows them all ({@link MergedLive}), optionally after their last events together. A collector that
 * fails fails the query with a {@link CollectorFailedException} naming it, unless {@link MergeOptions#partial()}
 * asks for the others' results and a {@link MissingCollector} notice.
 *
 * <pre>{@code
 * try (CollectorGroup group = new CollectorGroup(List.of(URI.create("ws://c1:6433"), URI.create("ws://c2:6433")),
 *         Duration.ofSeconds(10), ClientSecurity.NONE);
 *         MergedFind found = group.find(EventQuery.builder().tags("web").build(), MergeOptions.strict())) {
 *     found.forEachRemaining(System.out::println);
 * }
 * }</pre>
 *
 * <p>Holds one {@link CollectorClient} per collector, with the same security for each; closing the group closes
 * them. Thread-safe.
 */
public final class CollectorGroup implements AutoCloseable {

    private final List<CollectorClient> clients;
    private final ExecutorService connecting = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "theia-group-connect");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A group of the collectors at {@code collectors} (base addresses, e.g. {@code ws://c1:6433}; each once).
     *
     * @param connectTimeout how long connecting to one collector (and its {@code ok} on {@code /live}) may take
     * @param security the TLS and token settings, the same for every collector
     * @throws CollectorException when a client cannot be set up
     */
    public CollectorGroup(List<URI> collectors, Duration connectTimeout, ClientSecurity security) {
        if (collectors.isEmpty()) {
            throw new IllegalArgumentException("a group needs at least one collector");
        }
        List<CollectorClient> created = new ArrayList<>();
        try {
            for (URI collector : collectors) {
                created.add(new CollectorClient(collector, connectTimeout, security));
            }
        } catch (RuntimeException e) {
            created.forEach(CollectorClient::close);
            connecting.shutdownNow();
            throw e;
        }
        this.clients = Collections.unmodifiableList(created);
    }

    /** The collectors' base addresses, in the order given. */
    public List<URI> collectors() {
        return clients.stream().map(CollectorClient::uri).toList();
    }

    /**
     * Starts {@code query} on every collector at once and returns their merged results, read as they are iterated
     * (see {@link MergedFind}); failures show when iterating. Close the result when done with it early.
     */
    public MergedFind find(EventQuery query, MergeOptions options) {
        return find(clients, query, options);
    }

    /**
     * The last {@code count} events matching {@code query} on all the collectors together, oldest first: the first
     * {@code count} of the merged descending order, reversed. Holds those {@code count} events. Notices of missing collectors go to {@code missing}.
     *
     * @throws CollectorFailedException as {@link MergedFind#hasNext()}
     */
    public List<Event> last(EventQuery query, long count, MergeOptions options, List<MissingCollector> missing) {
        return last(clients, query, count, options, missing);
    }

    /**
     * Follows new events matching {@code query} on every collector (see {@link MergedLive}); with {@code tail} above
     * 0, first the last {@code tail} events of all of them together, with nothing lost or repeated between the two.
     * Returns once every stream is subscribed (and the tail delivered).
     *
     * @throws CollectorFailedException when a collector cannot be followed and partial results were not asked for, or
     *     none can
     */
    public MergedLive live(EventQuery query, long tail, MergeOptions options, MergedLiveListener listener) {
        return MergedLive.open(this, clients, query, tail, options, listener);
    }

    /** Closes every collector's client and their connections. */
    @Override
    public void close() {
        connecting.shutdownNow();
        RuntimeException failure = null;
        for (CollectorClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    MergedFind find(List<CollectorClient> of, EventQuery query, MergeOptions options) {
        List<FindBuffer> buffers = new ArrayList<>();
        for (CollectorClient client : of) {
            buffers.add(new FindBuffer(client.uri(), query, options.bufferEvents()));
        }
        MergedFind merged = new MergedFind(query, buffers, options.partial());
        for (int i = 0; i < of.size(); i++) {
            CollectorClient client = of.get(i);
            FindBuffer buffer = buffers.get(i);
            connecting.execute(() -> {
                try {
                    client.find(buffer, options.closeTimeout());
                } catch (RuntimeException e) {
                    // The buffer failed with it: the merge reports it.
                    return;
                }
                if (merged.closed()) {
                    buffer.close();
                }
            });
        }
        return merged;
    }

    List<Event> last(List<CollectorClient> of, EventQuery query, long count, MergeOptions options,
            List<MissingCollector> missing) {
        EventQuery newestFirst = query.toBuilder().order(EventQuery.Order.DESC).limit(count).build();
        if (of.size() == 1) {
            return lastOfOne(of.get(0), newestFirst, options);
        }
        List<Event> last = new ArrayList<>();
        try (MergedFind found = find(of, newestFirst, options)) {
            found.forEachRemaining(last::add);
            missing.addAll(found.missing());
        }
        Collections.reverse(last);
        return last;
    }

    /**
     * The first {@code newestFirst.limit()} events one collector sends for {@code newestFirst}, oldest first. Nothing to merge: the collector's own limit and order count, and a collector that sends out of order
     * (the original, which also ignores the limit) is read only up to the limit and sorted, as a single collector's
     * {@code theia query --tail} always was.
     */
    private static List<Event> lastOfOne(CollectorClient client, EventQuery newestFirst, MergeOptions options) {
        long count = newestFirst.limit();
        List<Event> found = new ArrayList<>();
        CompletableFuture<Void> enough = new CompletableFuture<>();
        Consumer<Event> each = event -> {
            synchronized (found) {
                if (found.size() < count) {
                    found.add(event);
                }
                if (found.size() >= count) {
                    enough.complete(null);
                }
            }
        };
        CompletableFuture<?> search = null;
        try {
            search = options.closeTimeout() == null ? client.find(newestFirst, each)
                    : client.find(newestFirst, each, options.closeTimeout());
            search.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    enough.completeExceptionally(failure);
                } else {
                    enough.complete(null);
                }
            });
            enough.get();
        } catch (CollectorException e) {
            throw CollectorFailedException.of(client.uri(), e);
        } catch (ExecutionException e) {
            throw CollectorFailedException.of(client.uri(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectorException("interrupted while finding on " + client.uri(), e);
        } finally {
            if (search != null) {
                search.cancel(false);
            }
        }
        List<Event> last;
        synchronized (found) {
            last = new ArrayList<>(found);
        }
        // Newest first as the collector sent them; the original's file-by-file answer is put in time order.
        Collections.reverse(last);
        last.sort(TimeOrder.of(EventQuery.Order.ASC));
        return last;
    }

    /** Runs {@code task} on a thread of the group (connecting blocks a thread). */
    <T> CompletableFuture<T> connect(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, connecting);
    }
}
