package io.theia.core.server;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /find} stream: criteria in, {@code ok}, every matching stored event as one binary frame, close 1000.
 *
 * <p>The search runs on its own thread and reads the store's lazy stream one event at a time; at most
 * {@code window} frames are handed to Jetty but not yet taken by its send callback, so a slow reader holds the
 * search back instead of filling memory. Frames are written in batches ({@link BatchedFrames}): many per write,
 * flushed when the window is full and at most {@link #LINGER_MICROS} after a frame was queued, so a search that
 * finds little still delivers what it found promptly. A client that negotiated packed frames gets many events per
 * frame instead ({@link PackedFrames}), the window then counting frames. When the client leaves, the stream is
 * closed at once (before the next event is read).
 */
final class FindEndpoint extends CriteriaStream {

    private static final Logger LOG = LoggerFactory.getLogger(FindEndpoint.class);
    /** The longest a found event waits in a batch before it is written. */
    static final long LINGER_MICROS = 2_000;

    private final Optional<EventStore> store;
    private final Executor searches;
    private final Scheduler scheduler;
    private final ServerMetrics metrics;
    private final int window;
    private final boolean packed;
    private final Semaphore permits;
    private volatile boolean cancelled;

    FindEndpoint(Optional<EventStore> store, Executor searches, Scheduler scheduler, ServerMetrics metrics, int window,
            boolean packed, PatternLimits patternLimits, Runnable release) {
        super(release, patternLimits);
        this.packed = packed;
        this.store = store;
        this.searches = searches;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.window = window;
        this.permits = new Semaphore(window);
    }

    @Override
    void onCriteria(String json) {
        if (store.isEmpty()) {
            fail("this collector keeps no events (live-only mode): /find is not available");
            return;
        }
        EventQuery query;
        try {
            query = parse(json, CriteriaParser.Endpoint.FIND);
        } catch (CriteriaException e) {
            fail(e.getMessage());
            return;
        }
        metrics.searchStarted();
        try {
            searches.execute(() -> stream(store.get(), query));
        } catch (RejectedExecutionException e) {
            fail("the collector is shutting down");
        }
    }

    @Override
    void onClosed() {
        cancelled = true;
        permits.release(window);
    }

    private void stream(EventStore events, EventQuery query) {
        EventWriter writer = new EventWriter();
        Callback sent = Callback.from(permits::release, this::sendFailed);
        BatchedFrames frames = new BatchedFrames(session(), scheduler, LINGER_MICROS);
        PackedFrames packer = packed ? new PackedFrames(session(), scheduler, LINGER_MICROS, permits, sent) : null;
        try (Stream<Event> results = events.search(query)) {
            Iterator<Event> iterator = results.iterator();
            acquire();
            session().sendText(ControlMessages.OK, sent);
            while (!cancelled && iterator.hasNext()) {
                Event event = iterator.next();
                if (packer != null) {
                    packer.add(writer.encodeToArray(event));
                    continue;
                }
                if (!permits.tryAcquire()) {
                    frames.flush();
                    acquire();
                }
                if (cancelled) {
                    break;
                }
                frames.sendBinary(ByteBuffer.wrap(writer.encodeToArray(event)), sent);
            }
            if (packer != null && !cancelled) {
                packer.finish();
            }
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOG.warn("Search {} for {} failed", query, session().getRemoteSocketAddress(), e);
                fail("search failed: " + e.getMessage());
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        }
        if (!cancelled) {
            closeNormally();
        }
    }

    private void acquire() throws InterruptedException {
        permits.acquire();
    }

    private void sendFailed(Throwable failure) {
        cancelled = true;
        permits.release(window);
    }
}
