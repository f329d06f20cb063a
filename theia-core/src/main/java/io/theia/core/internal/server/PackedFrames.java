package io.theia.core.internal.server;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Packs the serialized events of a {@code /find} stream back to back into binary frames of about
 * {@link #FRAME_BYTES}, for clients that negotiated the {@value CollectorServer#PACKED_SUBPROTOCOL} subprotocol (see
 * {@code docs/protocol.md}): the per-frame costs on both sides are paid once per frame instead of once per event.
 *
 * <p>Each frame takes its bytes from the stream's {@link SendWindow} before it is sent; its callback gives them back. A
 * frame is sent when it is full, at {@link #finish}, or at most {@code linger} after its first event, so a search
 * that finds little still delivers each match promptly. {@link #add} and {@link #finish} run on the search thread
 * (and may wait for a permit); the linger runs on the scheduler and never waits.
 */
final class PackedFrames {

    /** About the most bytes in one frame; a single larger event is a frame of its own. */
    static final int FRAME_BYTES = 32 * 1024;

    private final Session session;
    private final Scheduler scheduler;
    private final long lingerMicros;
    private final SendWindow window;
    private final ReentrantLock lock = new ReentrantLock();
    private final FrameBuffer pending = new FrameBuffer(FRAME_BYTES + 1024);
    private boolean lingering;

    PackedFrames(Session session, Scheduler scheduler, long lingerMicros, SendWindow window) {
        this.session = session;
        this.scheduler = scheduler;
        this.lingerMicros = lingerMicros;
        this.window = window;
    }

    /** Serializes one event into the frame; sends the frame once it is full, waiting for a permit. */
    void add(Event event, EventWriter writer) throws InterruptedException {
        lock.lock();
        try {
            try {
                writer.write(event, pending);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a FrameBuffer does not fail
            }
            if (pending.size() >= FRAME_BYTES) {
                sendPending(window.acquire(pending.size()));
            } else if (!lingering) {
                lingering = true;
                scheduler.schedule(this::linger, lingerMicros, TimeUnit.MICROSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends what is pending, waiting for a permit; the stream's last frame. */
    void finish() throws InterruptedException {
        lock.lock();
        try {
            if (pending.size() > 0) {
                sendPending(window.acquire(pending.size()));
            }
        } finally {
            lock.unlock();
        }
    }

    private void linger() {
        // the search thread holds the lock while it sends or waits for a permit: try again later
        if (!lock.tryLock()) {
            scheduler.schedule(this::linger, lingerMicros, TimeUnit.MICROSECONDS);
            return;
        }
        try {
            Callback sent = pending.size() == 0 ? null : window.tryAcquire(pending.size());
            if (pending.size() == 0) {
                lingering = false;
            } else if (sent != null) {
                lingering = false;
                sendPending(sent);
            } else {
                scheduler.schedule(this::linger, lingerMicros, TimeUnit.MICROSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void sendPending(Callback sent) {
        session.sendBinary(pending.take(), sent);
    }
}
