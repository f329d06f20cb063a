package io.theia.core.internal.server;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.LiveFeed;
import io.theia.api.store.PartialNotice;
import io.theia.core.internal.pipeline.LiveSubscription;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one {@code /live} stream from the store's {@link LiveFeed} (the {@code federated} store's peers) as well as
 * from the hub: the feed's events go into the subscriber's own bounded queue ({@link LiveSubscription#deliver}), so
 * criteria, drops, the {@code {"dropped": N}} notice and the send window are those of the hub's events.
 *
 * <p>The stream's {@code ok} waits for the feed to be ready (every peer subscribed, or reported missing). A failure
 * of the feed, before or after {@code ok}, ends the stream with {@code {"error": "live failed: …"}} naming the peer
 * and close code 1011, as a failing {@code /find} ends. When the client accepted partial results, each
 * {@link PartialNotice} is sent as {@code {"notice": …, "code": "partial"|"complete", "missing": [...]}} right away,
 * or, when it came before {@code ok}, the latest one right after {@code ok}. Thread-safe.
 */
final class LiveFeedLink implements LiveFeed.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeedLink.class);

    private final CriteriaStream stream;
    private final LiveSubscription subscription;
    private final Runnable sendOk;
    private volatile LiveFeed.Subscription feedSubscription;
    private volatile boolean closed;
    /** Guarded by this. */
    private boolean ready;
    /** The latest notice that came before {@code ok}; guarded by this. */
    private PartialNotice pending;

    private LiveFeedLink(CriteriaStream stream, LiveSubscription subscription, Runnable sendOk) {
        this.stream = stream;
        this.subscription = subscription;
        this.sendOk = sendOk;
    }

    /**
     * Subscribes to the feed with the stream's criteria; {@code sendOk} is run once the feed is ready.
     *
     * @param stream the {@code /live} stream, for its session and its error reply
     * @param subscription the stream's queue, which the hub fills too
     */
    static LiveFeedLink open(LiveFeed feed, EventQuery criteria, CriteriaStream stream, LiveSubscription subscription,
            Runnable sendOk) {
        LiveFeedLink link = new LiveFeedLink(stream, subscription, sendOk);
        EventQuery told = criteria.partial() ? criteria.toBuilder().noticesTo(link::notice).build() : criteria;
        try {
            link.feedSubscription = feed.subscribe(told, link);
        } catch (RuntimeException e) {
            link.onFailure(new EventReadException("the store's live feed refused the subscription: "
                    + e.getMessage(), e));
            return link;
        }
        if (link.closed) {
            link.feedSubscription.close();
        }
        return link;
    }

    @Override
    public void onReady() {
        synchronized (this) {
            if (closed || ready) {
                return;
            }
            ready = true;
            sendOk.run();
            if (pending != null) {
                send(pending);
                pending = null;
            }
        }
    }

    @Override
    public void onEvents(List<Event> events) {
        if (!closed) {
            subscription.deliver(events);
        }
    }

    @Override
    public void onDropped(long count) {
        if (!closed) {
            subscription.dropped(count);
        }
    }

    @Override
    public void onFailure(EventReadException failure) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Live stream for {} ends: {}", stream.session().getRemoteSocketAddress(), failure.getMessage());
        stream.fail("live failed: " + failure.getMessage(), StatusCode.SERVER_ERROR);
    }

    private synchronized void notice(PartialNotice notice) {
        if (closed) {
            return;
        }
        if (ready) {
            send(notice);
        } else {
            pending = notice;
        }
    }

    private void send(PartialNotice notice) {
        stream.session().sendText(ControlMessages.notice(notice), Callback.NOOP);
    }

    /** Stops the feed; idempotent. */
    void close() {
        closed = true;
        LiveFeed.Subscription current = feedSubscription;
        if (current != null) {
            current.close();
        }
    }
}
