package io.theia.core.internal.client;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several collectors' {@code /live} streams followed as one ({@link CollectorGroup#live}): each event goes to the
 * {@link MergedLiveListener} as it arrives from any of them (interleaved by arrival: live events are not sorted); an
 * id already delivered among the last {@value #RECENT_IDS} is not delivered again (an event two collectors both
 * received).
 *
 * <p>With a tail, the streams are subscribed first and what they bring is held back while the last events of all the
 * collectors together are looked up ({@link CollectorGroup#last}); then those are delivered, oldest first, then the
 * held-back ones: nothing falls between the two, and an event found both ways is delivered once.
 *
 * <p>A collector that cannot be subscribed to or whose stream breaks off ends the whole follow with a
 * {@link CollectorFailedException} naming it, or, with {@link MergeOptions#partial()} and others left, is reported
 * to {@link MergedLiveListener#onMissing} and the others are followed on. Thread-safe.
 */
public final class MergedLive implements AutoCloseable {

    /** How many ids of delivered events are remembered to deliver an event two collectors send once. */
    static final int RECENT_IDS = 100_000;

    private final MergedLiveListener listener;
    private final boolean partial;
    private final Object lock = new Object();
    private final List<LiveStream> streams = Collections.synchronizedList(new ArrayList<>());
    private final List<Event> heldBack = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Set<String> recent = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_IDS;
        }
    });
    private boolean holding;

    private MergedLive(MergedLiveListener listener, boolean partial, boolean holding) {
        this.listener = listener;
        this.partial = partial;
        this.holding = holding;
    }

    static MergedLive open(CollectorGroup group, List<CollectorClient> clients, EventQuery query, long tail,
            MergeOptions options, MergedLiveListener listener) {
        MergedLive merged = new MergedLive(listener, options.partial(), tail > 0);
        List<CompletableFuture<LiveStream>> subscribing = new ArrayList<>();
        merged.open.set(clients.size());
        for (CollectorClient client : clients) {
            Follower follower = merged.new Follower(client.uri());
            subscribing.add(group.connect(() -> {
                LiveStream stream = client.live(query, follower);
                follower.subscribed();
                return stream;
            }));
        }
        List<CollectorClient> followed = new ArrayList<>();
        List<MissingCollector> missing = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            try {
                merged.streams.add(subscribing.get(i).join());
                followed.add(clients.get(i));
            } catch (CompletionException e) {
                merged.open.decrementAndGet();
                CollectorException failure = e.getCause() instanceof CollectorException collector ? collector
                        : new CollectorException("subscribing failed: " + e.getCause(), e.getCause());
                missing.add(new MissingCollector(clients.get(i).uri(), failure, 0));
            }
        }
        try {
            if (followed.isEmpty()) {
                throw new CollectorFailedException("none of the collectors could be followed: " + missing.stream()
                        .map(notice -> notice.collector() + " (" + notice.failure().getMessage() + ")").toList(),
                        missing.stream().map(MissingCollector::collector).toList(), missing.get(0).failure());
            }
            if (!missing.isEmpty() && !options.partial()) {
                throw CollectorFailedException.of(missing.get(0).collector(), missing.get(0).failure());
            }
            synchronized (merged.lock) {
                missing.forEach(listener::onMissing);
            }
            if (tail > 0) {
                List<MissingCollector> missingLast = new ArrayList<>();
                List<Event> last = group.last(followed, query, tail, options, missingLast);
                merged.release(last, missingLast);
            }
        } catch (RuntimeException e) {
            merged.close();
            throw e;
        }
        return merged;
    }

    /** Stops following: closes every stream; the listener hears nothing more. Idempotent. */
    @Override
    public void close() {
        closing.set(true);
        synchronized (streams) {
            streams.forEach(LiveStream::close);
        }
    }

    /** Delivers the tail, then what was held back while it was looked up, then lets events through. */
    private void release(List<Event> last, List<MissingCollector> missingLast) {
        synchronized (lock) {
            missingLast.forEach(listener::onMissing);
            last.forEach(this::deliver);
            heldBack.forEach(this::deliver);
            heldBack.clear();
            holding = false;
        }
    }

    /** Called with {@link #lock} held. */
    private void deliver(Event event) {
        if (recent.add(event.id()) && !closing.get()) {
            listener.onEvent(event);
        }
    }

    private void end(CollectorFailedException failure) {
        if (closing.compareAndSet(false, true)) {
            synchronized (lock) {
                listener.onClosed(failure);
            }
            synchronized (streams) {
                streams.forEach(LiveStream::close);
            }
        }
    }

    /** One collector's stream. */
    private final class Follower implements LiveListener {
        private final URI collector;

        Follower(URI collector) {
            this.collector = collector;
        }

        @Override
        public void onEvent(Event event) {
            synchronized (lock) {
                if (holding) {
                    heldBack.add(event);
                } else {
                    deliver(event);
                }
            }
        }

        @Override
        public void onDropped(long count) {
            synchronized (lock) {
                if (!closing.get()) {
                    listener.onDropped(collector, count);
                }
            }
        }

        private boolean subscribed;
        private boolean closedEarly;
        private Throwable closedWith;

        /** The collector confirmed the subscription: from now on, its stream's end counts. */
        void subscribed() {
            Throwable early;
            synchronized (this) {
                subscribed = true;
                if (!closedEarly) {
                    return;
                }
                early = closedWith;
            }
            ended(early);
        }

        @Override
        public void onClosed(Throwable failure) {
            synchronized (this) {
                if (!subscribed) {
                    // Before the subscription was confirmed: subscribing fails (reported there), or it was just
                    // confirmed and subscribed() reports this end.
                    closedEarly = true;
                    closedWith = failure;
                    return;
                }
            }
            ended(failure);
        }

        private void ended(Throwable failure) {
            if (closing.get()) {
                return;
            }
            int left = open.decrementAndGet();
            if (failure == null) {
                if (left > 0) {
                    synchronized (lock) {
                        listener.onCollectorEnded(collector);
                    }
                } else {
                    end(null);
                }
                return;
            }
            CollectorException cause = failure instanceof CollectorException collectorFailure ? collectorFailure
                    : new CollectorException(collector + ": " + failure.getMessage(), failure);
            if (partial && left > 0) {
                synchronized (lock) {
                    listener.onMissing(new MissingCollector(collector, cause, 0));
                }
                return;
            }
            end(new CollectorFailedException("the live stream from " + collector + " ended: " + cause.getMessage(),
                    List.of(collector), cause));
        }
    }
}
