package io.theia.core.server;

import io.theia.api.store.EventQuery;
import io.theia.core.internal.ExplicitDemandListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The common part of {@code /find} and {@code /live}: the client's first message (text or binary) is the criteria
 * JSON; later messages are read and ignored, so that close frames are seen at once. Invalid criteria are answered
 * with {@code {"error": …}} and the connection is closed normally.
 */
abstract class CriteriaStream implements ExplicitDemandListener.Handler {

    private final Runnable release;
    private final PatternLimits patternLimits;
    private volatile Session session;
    private boolean criteriaReceived;

    CriteriaStream(Runnable release, PatternLimits patternLimits) {
        this.release = release;
        this.patternLimits = patternLimits;
    }

    /** Parses the criteria under the server's pattern limits. */
    final EventQuery parse(String json, CriteriaParser.Endpoint endpoint) {
        return CriteriaParser.parse(json, endpoint, patternLimits);
    }

    /** Handles the criteria; called once, on Jetty's thread. */
    abstract void onCriteria(String json);

    /** The client went away or the stream was closed; called once. */
    abstract void onClosed();

    final Session session() {
        return session;
    }

    /** Sends {@code {"error": message}} and then closes with 1000. */
    final void fail(String message) {
        session.sendText(ControlMessages.error(message), Callback.from(this::closeNormally, failure -> closeNormally()));
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
}
