package io.theia.core.internal.server;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.LiveFeed;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.pipeline.LiveSubscription;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * One {@code /live} stream: criteria in, {@code ok}, then every later matching event as a binary frame.
 *
 * <p>Events wait in the subscriber's bounded {@link LiveSubscription} queue; the hub never waits for this client.
 * A drainer ({@link DrainScheduler}: on the thread that saved a lone event, else on the stream's lane of the server's
 * pool, {@link DrainLanes}) runs whenever events arrive or a full window frees up, and writes while fewer than
 * {@code window} frames are in flight. Every event it finds goes to Jetty in batch mode and
 * is written with one flush when the queue is empty or the window full ({@link BatchedFrames}), and each event is
 * encoded once for all subscribers ({@link SharedEncodings}). A client that negotiated packed frames gets every
 * queued event back to back in as few frames as fit (about 32 KiB each). When the queue overflowed, the drainer sends
 * {@code {"dropped": N}} the next time it finds the queue empty, i.e. once the subscriber has caught up.
 * When the store offers a {@link LiveFeed} (events of other collectors), the stream also takes the feed's events
 * ({@link LiveFeedLink}) and its {@code ok} waits for the feed.
 */
final class LiveEndpoint extends CriteriaStream {

    private final LiveHub hub;
    private final LiveFeed feed;
    private volatile LiveFeedLink feedLink;
    private final int capacity;
    private final int window;
    private final SharedEncodings encodings;
    private final boolean packed;
    private final DrainScheduler drainer;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Set by a drainer that stopped at a full window: the next completion wakes it. */
    private final AtomicBoolean windowFull = new AtomicBoolean();
    private final EventWriter writer = new EventWriter();
    /** The packed frame being gathered; drainer only. */
    private final FrameBuffer packedFrame = new FrameBuffer(4096);
    private final Callback sent = Callback.from(this::sendDone, failure -> closeSubscription());
    private volatile BatchedFrames frames;
    private volatile LiveSubscription subscription;
    private volatile boolean ready;
    private volatile boolean closed;

    LiveEndpoint(LiveHub hub, int capacity, int window, Executor drainers, SharedEncodings encodings, boolean packed,
            PatternLimits patternLimits, Executor parsers, Runnable release) {
        this(hub, null, capacity, window, drainers, encodings, packed, patternLimits, parsers, release);
    }

    /** @param feed the store's feed of events the collector did not ingest, or null */
    LiveEndpoint(LiveHub hub, LiveFeed feed, int capacity, int window, Executor drainers, SharedEncodings encodings,
            boolean packed, PatternLimits patternLimits, Executor parsers, Runnable release) {
        super(release, patternLimits, parsers, CriteriaParser.Endpoint.LIVE);
        this.feed = feed;
        this.packed = packed;
        this.encodings = encodings;
        this.hub = hub;
        this.capacity = capacity;
        this.window = window;
        this.drainer = new DrainScheduler(drainers, this::drainOnce);
    }

    @Override
    void onQuery(EventQuery query) {
        frames = new BatchedFrames(session(), null, 0);
        subscription = hub.subscribe(query, capacity, drainer::wake);
        if (closed) {
            closeSubscription();
            return;
        }
        if (feed != null) {
            feedLink = LiveFeedLink.open(feed, query, this, subscription, this::sendOk);
            if (closed) {
                closeSubscription();
            }
            return;
        }
        sendOk();
    }

    private void sendOk() {
        session().sendText(ControlMessages.OK, Callback.from(() -> {
            ready = true;
            drainer.wake();
        }, failure -> closeSubscription()));
    }

    @Override
    void onClosed() {
        closed = true;
        closeSubscription();
    }

    private void closeSubscription() {
        LiveFeedLink link = feedLink;
        if (link != null) {
            link.close();
        }
        LiveSubscription current = subscription;
        if (current != null) {
            current.close();
        }
    }

    private void drainOnce() {
        LiveSubscription current = subscription;
        if (!ready || closed || current == null) {
            return;
        }
        if (packed) {
            drainPacked(current);
            return;
        }
        boolean batched = false;
        while (room()) {
            Event event = current.poll();
            if (event == null) {
                long dropped = current.takeDropped();
                if (dropped > 0) {
                    inFlight.incrementAndGet();
                    // a text frame is not batched: it writes the batched frames before it
                    session().sendText(ControlMessages.dropped(dropped), sent);
                    batched = false;
                }
                break;
            }
            inFlight.incrementAndGet();
            frames.sendBinary(ByteBuffer.wrap(encodings.encode(event, writer)), sent);
            batched = true;
        }
        if (batched) {
            frames.flush();
        }
    }

    /** For a client that negotiated packed frames: all queued events back to back, about 32 KiB per frame. */
    private void drainPacked(LiveSubscription current) {
        FrameBuffer frame = packedFrame;
        while (room()) {
            for (Event event = current.poll(); event != null; event = current.poll()) {
                byte[] bytes = encodings.encode(event, writer);
                frame.write(bytes, 0, bytes.length);
                if (frame.size() >= PackedFrames.FRAME_BYTES) {
                    break;
                }
            }
            if (frame.size() == 0) {
                long dropped = current.takeDropped();
                if (dropped > 0) {
                    inFlight.incrementAndGet();
                    session().sendText(ControlMessages.dropped(dropped), sent);
                }
                return;
            }
            inFlight.incrementAndGet();
            session().sendBinary(frame.take(), sent);
        }
    }

    /**
     * Whether another frame may go out now. When not, the next completion wakes the drainer: a completion that came
     * between the first look and raising the flag is caught by the second look.
     */
    private boolean room() {
        if (inFlight.get() < window) {
            return true;
        }
        windowFull.set(true);
        return inFlight.get() < window && windowFull.compareAndSet(true, false);
    }

    /** A frame was taken by Jetty; wakes the drainer only if it stopped at a full window (new events wake it too). */
    private void sendDone() {
        inFlight.decrementAndGet();
        if (windowFull.compareAndSet(true, false)) {
            drainer.wake();
        }
    }
}
