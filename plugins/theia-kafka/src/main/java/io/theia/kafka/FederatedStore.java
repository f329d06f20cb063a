package io.theia.kafka;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.theia.api.event.Event;
import io.theia.api.event.Timestamps;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventWriteException;
import io.theia.api.store.LiveFeed;
import io.theia.api.store.PartialNotice;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The {@code federated} store: read-only, it answers searches and live subscriptions for a set of peer collectors. A search runs
 * {@code /find} on every peer at once ({@link PeerSearch}) and merges their results k-way by timestamp in the query's
 * order, then by the peer's place in {@code peers}: events of one timestamp come peer by peer, each peer's in the
 * order its store returned them (a source's lines of one timestamp stay in order), the same for the same data. The
 * limit is applied by each peer (its first N are all the merge can take from it) and again to the merge.
 *
 * <p>One event stored by two peers (a collector that crashed after saving a batch and before committing its Kafka
 * offsets, whose partitions another collector then consumed) is returned once: the merge drops an id it already
 * returned at the same timestamp (all events of one timestamp leave the merge together).
 *
 * <p>A peer that is down, refuses the query or breaks off fails the whole search with an
 * {@link io.theia.api.store.EventReadException} naming that peer: a partial answer is never passed off as complete.
 * A query that accepts partial results ({@link EventQuery#partial()}) gets the other peers' results instead, and the
 * peers missing (or whose results broke off part way) are reported to it as a {@link PartialNotice}.
 *
 * <p>Its {@link #liveFeed()} lets the collector's {@code /live} stream the peers' new events: each subscriber gets a
 * {@code /live} stream on every peer with its own criteria ({@link PeerLive}), failing or, with partial results,
 * reconnecting as searches do. Saving and deleting are refused ({@link EventWriteException}): events go to the peers.
 * Thread-safe.
 */
public final class FederatedStore implements EventStore {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** How often each peer stream of a live subscription is pinged, well within a collector's idle timeout. */
    private static final Duration LIVE_PING = Duration.ofSeconds(30);

    private final FederatedStoreConfig config;
    private final HttpClient client;
    private final List<URI> uris = new ArrayList<>();
    private final List<URI> liveUris = new ArrayList<>();
    private final Set<PeerLive> subscriptions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final Optional<LiveFeed> liveFeed = Optional.of(this::subscribe);
    private volatile boolean closed;

    FederatedStore(FederatedStoreConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.connectTimeoutMillis()))
                .build();
        config.peers().forEach(peer -> uris.add(FederatedStoreConfig.findUri(peer)));
        config.peers().forEach(peer -> liveUris.add(FederatedStoreConfig.liveUri(peer)));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "theia-federated-live");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void saveAll(List<Event> events) {
        throw new EventWriteException("the federated store is read-only: it answers queries for the collectors "
                + config.peers() + "; send events to them");
    }

    @Override
    public CompletionStage<Void> whenDurable() {
        requireOpen();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Event get(String id) {
        try (Stream<Event> found = search(EventQuery.builder().id("^" + quote(id) + "$").limit(1).build())) {
            return found.findFirst().orElseThrow(() -> new EventNotFoundException(id));
        }
    }

    @Override
    public boolean delete(String id) {
        throw new EventWriteException("the federated store is read-only: delete event '" + id + "' on the "
                + "collector that stores it");
    }

    @Override
    public Stream<Event> search(EventQuery query) {
        requireOpen();
        Merge merge = new Merge(query);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merge, Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(merge::close);
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    /** The peers' new events, for the collector's {@code /live}. */
    @Override
    public Optional<LiveFeed> liveFeed() {
        return liveFeed;
    }

    private LiveFeed.Subscription subscribe(EventQuery criteria, LiveFeed.Listener listener) {
        requireOpen();
        PeerLive[] holder = new PeerLive[1];
        PeerLive subscription = new PeerLive(client, config.peers(), liveUris, criteria, listener, scheduler,
                Duration.ofMillis(config.connectTimeoutMillis()), Duration.ofMillis(config.liveRetryMillis()),
                LIVE_PING, () -> subscriptions.remove(holder[0]));
        holder[0] = subscription;
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    @Override
    public void close() {
        closed = true;
        List.copyOf(subscriptions).forEach(PeerLive::close);
        scheduler.shutdownNow();
    }

    private void requireOpen() {
        if (closed) {
            throw new io.theia.api.store.EventStoreException("the federated store is closed");
        }
    }

    /** Escapes every ASCII punctuation character, so that the RE2 pattern matches the text literally. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && !Character.isLetterOrDigit(c) && c != ' ' && c != '_') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }

    /** The criteria JSON of {@code /find} for a query (docs/protocol.md "Criteria JSON"). */
    static String criteria(EventQuery query) {
        List<String> fields = commonCriteria(query);
        fields.add("\"order\": \"" + (query.order() == EventQuery.Order.ASC ? "asc" : "desc") + "\"");
        if (query.limit() != Long.MAX_VALUE) {
            fields.add("\"limit\": " + query.limit());
        }
        return "{" + String.join(", ", fields) + "}";
    }

    /**
     * The criteria JSON of {@code /live} for a query: without order and limit, and without {@code partial}, which
     * the federated store handles itself (a peer that is itself federated then answers for all of its peers).
     */
    static String liveCriteria(EventQuery query) {
        return "{" + String.join(", ", commonCriteria(query)) + "}";
    }

    private static List<String> commonCriteria(EventQuery query) {
        List<String> fields = new ArrayList<>();
        query.start().ifPresent(start -> fields.add("\"start\": " + Timestamps.format(start)));
        query.end().ifPresent(end -> fields.add("\"end\": " + Timestamps.format(end)));
        if (!query.tags().isEmpty()) {
            fields.add("\"tags\": [" + String.join(", ", query.tags().stream().map(FederatedStore::json).toList())
                    + "]");
        }
        query.content().ifPresent(pattern -> fields.add("\"content\": " + json(pattern.pattern())));
        query.source().ifPresent(pattern -> fields.add("\"source\": " + json(pattern.pattern())));
        query.id().ifPresent(pattern -> fields.add("\"id\": " + json(pattern.pattern())));
        return fields;
    }

    /** {@code text} as a JSON string. */
    private static String json(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** The k-way merge of the peers' results; opens the peers' searches on first use. */
    private final class Merge implements Iterator<Event> {
        private final EventQuery query;
        private final List<PeerSearch> searches = new ArrayList<>();
        /** The peers whose results are missing or incomplete, for a query that accepts partial results. */
        private final List<String> missing = new ArrayList<>();
        private final PriorityQueue<Head> heads;
        private final java.util.Set<String> idsAtTimestamp = new java.util.HashSet<>();
        private java.time.Instant timestamp;
        private Event pending;
        private boolean opened;
        private long returned;

        Merge(EventQuery query) {
            this.query = query;
            Comparator<Event> byTime = Comparator.comparing(Event::timestamp);
            if (query.order() == EventQuery.Order.DESC) {
                byTime = byTime.reversed();
            }
            this.heads = new PriorityQueue<>(Comparator.<Head, Event>comparing(Head::event, byTime)
                    .thenComparingInt(Head::peer));
        }

        @Override
        public boolean hasNext() {
            open();
            while (pending == null && returned < query.limit() && !heads.isEmpty()) {
                Head head = heads.poll();
                Event following = next(head.peer());
                if (following != null) {
                    heads.add(new Head(following, head.peer()));
                }
                Event event = head.event();
                if (!event.timestamp().equals(timestamp)) {
                    timestamp = event.timestamp();
                    idsAtTimestamp.clear();
                }
                if (idsAtTimestamp.add(event.id())) {
                    pending = event;
                }
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
            returned++;
            return event;
        }

        private void open() {
            if (opened) {
                return;
            }
            opened = true;
            String criteria = criteria(query);
            Duration connectTimeout = Duration.ofMillis(config.connectTimeoutMillis());
            try {
                for (int i = 0; i < uris.size(); i++) {
                    try {
                        searches.add(PeerSearch.open(client, config.peers().get(i), uris.get(i), criteria,
                                connectTimeout, READ_TIMEOUT));
                    } catch (EventReadException e) {
                        searches.add(null);
                        leaveOut(i, e);
                    }
                }
                for (int i = 0; i < searches.size(); i++) {
                    Event first = next(i);
                    if (first != null) {
                        heads.add(new Head(first, i));
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The peer's next event, or null when it finished or, for a partial query, failed and is left out. */
        private Event next(int peer) {
            PeerSearch search = searches.get(peer);
            if (search == null) {
                return null;
            }
            try {
                return search.next();
            } catch (EventReadException e) {
                search.close();
                searches.set(peer, null);
                leaveOut(peer, e);
                return null;
            }
        }

        /** Fails the search, or, for a query that accepts partial results, reports the peer missing. */
        private void leaveOut(int peer, EventReadException failure) {
            if (!query.partial()) {
                throw failure;
            }
            missing.add(config.peers().get(peer));
            query.report(new PartialNotice(missing, failure.getMessage() + "; its results are missing"));
        }

        void close() {
            searches.stream().filter(java.util.Objects::nonNull).forEach(PeerSearch::close);
        }
    }

    private record Head(Event event, int peer) {
    }
}
