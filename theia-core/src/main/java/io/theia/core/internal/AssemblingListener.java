package io.theia.core.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The server side's {@link ExplicitDemandListener}: Jetty hands over messages as they arrive, fragment by fragment,
 * and this listener assembles them, so that what a connection holds of a message it has not finished is counted
 * against the server's {@link MessageBudget} and timed.
 *
 * <ul>
 *   <li>A message that arrives in one piece goes to the handler as is (no copy, nothing counted).</li>
 *   <li>The pieces of a longer message are copied and their bytes taken from the budget until the last piece; the
 *       whole message then goes to the handler and the bytes back to the budget.</li>
 *   <li>A message larger than {@code maxMessageBytes} closes the connection with 1009; one whose next piece does not
 *       fit the budget, with 1013 (try again later); one that receives nothing for {@code stallTimeout}, with
 *       1008. The connection is then dropped once the close frame is out, whether or not the client answers it.</li>
 * </ul>
 *
 * <p>Demand stays explicit as in {@link ExplicitDemandListener}: the handler demands the next message; between the
 * pieces of one message this listener demands. Public only because Jetty calls listener methods through public
 * method handles; not an API.
 */
public final class AssemblingListener implements Session.Listener {

    /** The first array of the first message in pieces. */
    private static final int MIN_BYTES = 16 * 1024;
    /** A larger array of an abandoned message is not kept for the next one. */
    private static final int RETAINED_BYTES = 1024 * 1024;

    private final ExplicitDemandListener.Handler handler;
    private final MessageBudget budget;
    private final long maxMessageBytes;
    private final Scheduler scheduler;
    private final long stallNanos;
    private final Runnable onAbandoned;
    private final Object lock = new Object();
    private volatile Session session;
    // one message at a time: Jetty calls the partial methods one after another; the stall check reads under lock
    private boolean assembling;
    private static final byte[] EMPTY = new byte[0];
    /** The pieces of the current binary message so far: the first {@code binaryLength} bytes of {@code binary}. */
    private byte[] binary = EMPTY;
    private int binaryLength;
    /** The size of the last binary message in pieces (within {@code RETAINED_BYTES}): the next one's first array. */
    private int sizeHint = MIN_BYTES;
    private final StringBuilder characters = new StringBuilder();
    private long held;
    private long lastProgress;
    private Scheduler.Task stallCheck;
    private boolean abandoned;

    /**
     * @param handler the endpoint
     * @param budget the server's budget for unfinished messages
     * @param maxMessageBytes the largest message accepted
     * @param scheduler for the stall check
     * @param stallTimeout how long an unfinished message may receive nothing
     * @param onAbandoned counts a connection closed for the budget or a stall
     */
    public AssemblingListener(ExplicitDemandListener.Handler handler, MessageBudget budget, long maxMessageBytes,
            Scheduler scheduler, Duration stallTimeout, Runnable onAbandoned) {
        this.handler = handler;
        this.budget = budget;
        this.maxMessageBytes = maxMessageBytes;
        this.scheduler = scheduler;
        this.stallNanos = stallTimeout.toNanos();
        this.onAbandoned = onAbandoned;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        handler.onOpen(opened);
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        if (!assembling && last) {
            handler.onBinary(payload, callback);
            return;
        }
        int bytes = payload.remaining();
        if (!take(bytes)) {
            callback.succeed();
            return;
        }
        ByteBuffer whole = null;
        synchronized (lock) {
            append(payload);
            if (last) {
                // handed over as is: the next message starts a new array
                whole = ByteBuffer.wrap(binary, 0, binaryLength);
                sizeHint = Math.min(binaryLength, RETAINED_BYTES);
                binary = EMPTY;
                release();
            }
        }
        callback.succeed();
        if (whole != null) {
            handler.onBinary(whole, Callback.NOOP);
        } else {
            session.demand();
        }
    }

    @Override
    public void onWebSocketPartialText(String payload, boolean last) {
        if (!assembling && last) {
            handler.onText(payload);
            return;
        }
        if (!take(utf8Length(payload))) {
            return;
        }
        String whole = null;
        synchronized (lock) {
            characters.append(payload);
            if (last) {
                whole = characters.toString();
                release();
            }
        }
        if (whole != null) {
            handler.onText(whole);
        } else {
            session.demand();
        }
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        session.sendPong(payload, Callback.NOOP);
        session.demand();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        handler.onPong(payload);
        session.demand();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        handler.onError(cause);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            synchronized (lock) {
                abandoned = true;
                release();
            }
            handler.onClose(statusCode, reason);
        } finally {
            callback.succeed();
        }
    }

    /** Counts a piece of the current message; false when the connection is being closed instead. */
    private boolean take(long bytes) {
        int refusal;
        synchronized (lock) {
            if (abandoned) {
                return false;
            }
            if (!assembling) {
                assembling = true;
                stallCheck = scheduler.schedule(this::checkStall, stallNanos, TimeUnit.NANOSECONDS);
            }
            lastProgress = System.nanoTime();
            if (held + bytes > maxMessageBytes) {
                refusal = StatusCode.MESSAGE_TOO_LARGE;
            } else if (!budget.tryTake(bytes)) {
                refusal = StatusCode.TRY_AGAIN_LATER;
            } else {
                held += bytes;
                return true;
            }
            abandoned = true;
            release();
        }
        if (refusal == StatusCode.MESSAGE_TOO_LARGE) {
            closeAndDrop(refusal, "message larger than " + maxMessageBytes + " bytes");
        } else {
            onAbandoned.run();
            closeAndDrop(refusal, "the collector holds too many unfinished messages; try again later");
        }
        return false;
    }

    /** Copies a piece after the ones before it, in bulk; under the lock (held bytes are within maxMessageBytes). */
    private void append(ByteBuffer payload) {
        int length = payload.remaining();
        int needed = binaryLength + length;
        if (needed > binary.length) {
            long grown = Math.max(needed, binary.length == 0 ? sizeHint : 2L * binary.length);
            binary = Arrays.copyOf(binary, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        payload.get(binary, binaryLength, length);
        binaryLength = needed;
    }

    /** Gives the current message's bytes back and forgets it; under the lock. */
    private void release() {
        budget.give(held);
        held = 0;
        assembling = false;
        binaryLength = 0;
        if (binary.length > RETAINED_BYTES) {
            binary = EMPTY;
        }
        characters.setLength(0);
        if (stallCheck != null) {
            stallCheck.cancel();
            stallCheck = null;
        }
    }

    private void checkStall() {
        long waited;
        synchronized (lock) {
            if (!assembling || abandoned) {
                return;
            }
            waited = System.nanoTime() - lastProgress;
            if (waited < stallNanos) {
                stallCheck = scheduler.schedule(this::checkStall, stallNanos - waited, TimeUnit.NANOSECONDS);
                return;
            }
            abandoned = true;
            release();
        }
        onAbandoned.run();
        closeAndDrop(StatusCode.POLICY_VIOLATION,
                "message unfinished for " + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s");
    }

    private void closeAndDrop(int statusCode, String reason) {
        Session current = session;
        current.close(statusCode, reason, Callback.from(current::disconnect, failure -> current.disconnect()));
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
