package io.theia.core.internal.server;

import io.theia.api.store.EventQuery;
import io.theia.core.internal.ExplicitDemandListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The common part of {@code /find} and {@code /live}: the client's first message (text or binary) is the criteria
 * JSON; later messages are read and ignored, so that close frames are seen at once. The criteria are parsed (and
 * their patterns compiled) on the {@code parsers} executor, never on Jetty's network threads. Invalid criteria are
 * answered with {@code {"error": …}} and the connection is closed normally.
 */
abstract class CriteriaStream implements ExplicitDemandListener.Handler {

    private final Runnable release;
    private final PatternLimits patternLimits;
    private final Executor parsers;
    private final CriteriaParser.Endpoint endpoint;
    private volatile Session session;
    private boolean criteriaReceived;

    CriteriaStream(Runnable release, PatternLimits patternLimits, Executor parsers, CriteriaParser.Endpoint endpoint) {
        this.release = release;
        this.patternLimits = patternLimits;
        this.parsers = parsers;
        this.endpoint = endpoint;
    }

    /** Why this stream cannot serve any criteria (answered as the error), or null. */
    String refusal() {
        return null;
    }

    /** Starts the stream for valid criteria; called once, on a parser thread. */
    abstract void onQuery(EventQuery query);

    /** The client went away or the stream was closed; called once. */
    abstract void onClosed();

    final Session session() {
        return session;
    }

    /** Sends {@code {"error": message}} and then closes with 1000. */
    final void fail(String message) {
        fail(message, StatusCode.NORMAL);
    }

    /** Sends {@code {"error": message}} and then closes with {@code statusCode}. */
    final void fail(String message, int statusCode) {
        Runnable close = () -> session.close(statusCode, null, Callback.NOOP);
        session.sendText(ControlMessages.error(message), Callback.from(close, failure -> close.run()));
    }

    final void closeNormally() {
        session.close(StatusCode.NORMAL, null, Callback.NOOP);
    }

    @Override
    public final void onOpen(Session opened) {
        this.session = opened;
        opened.demand();
    }

    @Override
    public final void onText(String message) {
        receive(message);
    }

    @Override
    public final void onBinary(ByteBuffer payload, Callback callback) {
        String message = StandardCharsets.UTF_8.decode(payload).toString();
        callback.succeed();
        receive(message);
    }

    @Override
    public final void onClose(int statusCode, String reason) {
        try {
            onClosed();
        } finally {
            release.run();
        }
    }

    private void receive(String message) {
        boolean first = !criteriaReceived;
        criteriaReceived = true;
        if (first) {
            onCriteria(message);
        }
        session.demand();
    }

    private void onCriteria(String json) {
        String refused = refusal();
        if (refused != null) {
            fail(refused);
            return;
        }
        try {
            parsers.execute(() -> start(json));
        } catch (RejectedExecutionException e) {
            fail("the collector is busy reading other criteria; try again", StatusCode.TRY_AGAIN_LATER);
        }
    }

    private void start(String json) {
        EventQuery query;
        try {
            query = CriteriaParser.parse(json, endpoint, patternLimits);
        } catch (CriteriaException e) {
            fail(e.getMessage());
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("the criteria could not be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        onQuery(query);
    }
}
