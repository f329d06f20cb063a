package io.theia.core.internal.server;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Sends many binary frames per write: each frame goes to Jetty's frame flusher in batch mode, which copies small
 * frames into one output buffer and writes it when it is full or when {@link #flush} is called, instead of one
 * {@code writev} per frame (the per-frame cost that bounded {@code /find} and {@code /live}).
 *
 * <p>A frame's callback completes once Jetty has taken the frame (copied it into the batch, or written it); frames
 * queued behind a write that has not finished keep their callbacks pending, so a send window counted in callbacks
 * still bounds memory. With a positive linger, frames never wait longer than that for a flush: the first frame after
 * a flush schedules one; without, the caller flushes. Thread-safe; callers must still send one frame at a time per
 * stream to keep the order.
 */
final class BatchedFrames {

    private final CoreSession core;
    private final Scheduler scheduler;
    private final long lingerMicros;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    /**
     * @param session the Jetty session of the stream
     * @param scheduler the server's scheduler, for the linger flush
     * @param lingerMicros the longest a batched frame may wait for its write; 0: only {@link #flush} writes
     */
    BatchedFrames(Session session, Scheduler scheduler, long lingerMicros) {
        this.core = ((WebSocketSession) session).getCoreSession();
        this.scheduler = scheduler;
        this.lingerMicros = lingerMicros;
    }

    /** Queues one binary frame in batch mode; {@code done} completes once Jetty took it (or failed it). */
    void sendBinary(ByteBuffer payload, Callback done) {
        core.sendFrame(new Frame(OpCode.BINARY, payload), org.eclipse.jetty.util.Callback.from(done::succeed,
                done::fail), true);
        if (lingerMicros > 0 && flushScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::scheduledFlush, lingerMicros, TimeUnit.MICROSECONDS);
        }
    }

    /** Writes whatever is batched now. */
    void flush() {
        core.flush(org.eclipse.jetty.util.Callback.NOOP);
    }

    private void scheduledFlush() {
        // reset first: a frame sent after this line schedules the next flush, one sent before is covered by this one
        flushScheduled.set(false);
        flush();
    }
}
