package io.theia.api.store;

import io.theia.api.event.Event;
import java.util.List;

/**
 * New events a store learns of that the collector did not ingest itself: a store that answers for other collectors
 * (the {@code federated} store) offers one through {@link EventStore#liveFeed()}, and the collector's {@code /live}
 * then streams them to its subscribers beside the events it ingests, so that {@code /live} covers what
 * {@code /find} covers. Stores whose events all come through the collector offer none (the default).
 *
 * <p>The collector subscribes once per {@code /live} client, with that client's criteria, so that a feed can have
 * the filtering done where the events are (the {@code federated} store passes the criteria on to each peer's
 * {@code /live}). Events the subscriber cannot take in time are dropped and counted by the collector as for its own
 * events; the feed never waits for a subscriber. Thread-safe.
 */
public interface LiveFeed {

    /**
     * Starts delivering the new events matching {@code criteria} (their order and limit are ignored) to
     * {@code listener}. Returns at once: connecting happens in the background, and {@link Listener#onReady} tells
     * when every event accepted from then on is delivered. When the criteria accept partial results
     * ({@link EventQuery#partial()}), the feed reports parts that are missing (and that are back) to the
     * criteria's notice consumer ({@link EventQuery#report}) instead of failing; otherwise a part that fails ends
     * the subscription with {@link Listener#onFailure}.
     *
     * @return the subscription, to close when the subscriber leaves
     */
    Subscription subscribe(EventQuery criteria, Listener listener);

    /** One subscriber's subscription; closing it stops the deliveries and releases its connections. */
    interface Subscription extends AutoCloseable {

        /** Stops delivering; idempotent. After it returns, the listener may still be called once or twice. */
        @Override
        void close();
    }

    /**
     * Receives a subscription's events. Called from the feed's threads, possibly several at once; no method may
     * block.
     */
    interface Listener {

        /**
         * Every part is subscribed (or, with partial results accepted, reported missing): events accepted from now
         * on are delivered. Called once, before {@link #onFailure} if at all.
         */
        void onReady();

        /** New matching events, in the order one part received them. */
        void onEvents(List<Event> events);

        /** A part dropped {@code count} matching events for this subscription because it fell behind. */
        void onDropped(long count);

        /**
         * The subscription failed and ends: a part is unreachable, refused the criteria or went away, and partial
         * results were not accepted. The message names the part. Called at most once; nothing follows it.
         */
        void onFailure(EventReadException failure);
    }
}
