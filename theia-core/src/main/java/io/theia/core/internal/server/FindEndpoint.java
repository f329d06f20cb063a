package io.theia.core.internal.server;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.store.PartialNotice;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /find} stream: criteria in, {@code ok}, every matching stored event as one binary frame, close 1000.
 *
 * <p>The search runs on its own thread and reads the store's lazy stream one event at a time; at most
 * {@code windowBytes} bytes of frames are handed to Jetty but not yet taken by its send callback
 * ({@link SendWindow}), so a slow reader holds the search back instead of filling memory, whatever the size of the
 * events. Frames are written in batches ({@link BatchedFrames}): many per write,
 * flushed when the window is full and at most {@link #LINGER_MICROS} after a frame was queued, so a search that
 * finds little still delivers what it found promptly. A client that negotiated packed frames gets many events per
 * frame instead ({@link PackedFrames}). When the client leaves, the search stops at the next record the store
 * looks at, matching or not (the query's cancellation signal, {@link EventQuery.Builder#cancelledWhen}), and the
 * store's stream is closed. Any failure of the search after {@code ok}, also an {@link Error} such as running out of
 * memory, ends the stream with {@code {"error": "search failed: …"}} and close code 1011. When the criteria accepted
 * partial results and the store left parts out ({@link EventQuery#partial()}), the last event is followed by the
 * store's latest {@link PartialNotice} as {@code {"notice": …, "code": "partial", "missing": [...]}}, then the close.
 */
final class FindEndpoint extends CriteriaStream {

    private static final Logger LOG = LoggerFactory.getLogger(FindEndpoint.class);
    /** The longest a found event waits in a batch before it is written. */
    static final long LINGER_MICROS = 2_000;
    private static final int OK_BYTES = ControlMessages.OK.length();

    private final Optional<EventStore> store;
    private final Executor searches;
    private final Scheduler scheduler;
    private final ServerMetrics metrics;
    private final boolean packed;
    private final SendWindow window;
    private volatile boolean cancelled;
    /** The store's latest notice of missing parts, for a query that accepted partial results; or null. */
    private volatile PartialNotice notice;

    FindEndpoint(Optional<EventStore> store, Executor searches, Scheduler scheduler, ServerMetrics metrics,
            int windowBytes, boolean packed, PatternLimits patternLimits, Executor parsers, Runnable release) {
        super(release, patternLimits, parsers, CriteriaParser.Endpoint.FIND);
        this.packed = packed;
        this.store = store;
        this.searches = searches;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.window = new SendWindow(windowBytes, this::sendFailed);
    }

    @Override
    String refusal() {
        return store.isEmpty() ? "this collector keeps no events (live-only mode): /find is not available" : null;
    }

    @Override
    void onQuery(EventQuery query) {
        metrics.searchStarted();
        EventQuery cancellable = query.toBuilder().cancelledWhen(() -> cancelled)
                .noticesTo(query.partial() ? reported -> notice = reported : null).build();
        try {
            searches.execute(() -> stream(store.orElseThrow(), cancellable));
        } catch (RejectedExecutionException e) {
            fail("the collector is shutting down", StatusCode.SHUTDOWN);
        }
    }

    @Override
    void onClosed() {
        cancelled = true;
        window.openWide();
    }

    private void stream(EventStore events, EventQuery query) {
        EventWriter writer = new EventWriter();
        BatchedFrames frames = new BatchedFrames(session(), scheduler, LINGER_MICROS);
        PackedFrames packer = packed ? new PackedFrames(session(), scheduler, LINGER_MICROS, window) : null;
        try (Stream<Event> results = events.search(query)) {
            Iterator<Event> iterator = results.iterator();
            session().sendText(ControlMessages.OK, window.acquire(OK_BYTES));
            while (!cancelled && iterator.hasNext()) {
                if (packer != null) {
                    packer.add(iterator.next(), writer);
                    continue;
                }
                byte[] encoded = writer.encodeToArray(iterator.next());
                Callback sent = window.tryAcquire(encoded.length);
                if (sent == null) {
                    frames.flush();
                    sent = window.acquire(encoded.length);
                }
                if (cancelled) {
                    break;
                }
                frames.sendBinary(ByteBuffer.wrap(encoded), sent);
            }
            if (packer != null && !cancelled) {
                packer.finish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } catch (RuntimeException | Error e) {
            if (!cancelled) {
                failed(query, e);
            }
            return;
        }
        if (!cancelled) {
            PartialNotice missing = notice;
            if (missing != null) {
                session().sendText(ControlMessages.notice(missing), Callback.NOOP);
            }
            closeNormally();
        }
    }

    /** Any failure of a running search, an out-of-memory error included: the client gets an error and 1011. */
    private void failed(EventQuery query, Throwable failure) {
        String cause = failure instanceof RuntimeException ? String.valueOf(failure.getMessage())
                : failure.getClass().getSimpleName();
        try {
            LOG.warn("Search {} for {} failed", query, session().getRemoteSocketAddress(), failure);
            fail("search failed: " + cause, StatusCode.SERVER_ERROR);
        } catch (RuntimeException | Error again) {
            session().disconnect();
        }
    }

    private void sendFailed(Throwable failure) {
        cancelled = true;
        window.openWide();
    }
}
