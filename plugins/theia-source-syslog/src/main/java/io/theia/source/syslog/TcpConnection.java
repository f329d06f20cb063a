package io.theia.source.syslog;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one TCP connection on a thread of its own: bytes → frames → events → one delivery per read.
 *
 * <p>Back-pressure: at most {@value #MAX_IN_FLIGHT} deliveries of this connection may wait for the sink. When that
 * many are pending, the thread stops reading; the socket's buffers fill and TCP's flow control makes the sender
 * wait. Nothing is buffered without bound and nothing is dropped. Thread-safe ({@link #close()} from any thread).
 */
final class TcpConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    /** Deliveries of one connection that may wait for the sink before reading pauses. */
    static final int MAX_IN_FLIGHT = 4;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final String sourceName;
    private final SocketChannel channel;
    private final String peer;
    private final EventSink sink;
    private final SyslogEvents events;
    private final FrameDecoder decoder;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Runnable onEnd;
    private volatile Thread thread;

    TcpConnection(String sourceName, SocketChannel channel, EventSink sink, SyslogEvents events, int maxMessageBytes,
            Runnable onEnd) {
        this.sourceName = sourceName;
        this.channel = channel;
        this.peer = peerOf(channel);
        this.sink = sink;
        this.events = events;
        this.onEnd = onEnd;
        this.decoder = new FrameDecoder(maxMessageBytes, problem -> LOG.warn("Source '{}': TCP connection from {}: {}",
                sourceName, peer, problem));
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        List<Event> batch = new ArrayList<>();
        FrameDecoder.FrameHandler collect = (bytes, length, truncated) -> batch.add(
                events.toEvent(bytes, length, truncated, peer));
        try {
            while (true) {
                // Wait for room before reading: while the sink is behind, this connection is not read.
                inFlight.acquire();
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    decoder.finish(collect);
                    deliver(batch);
                    break;
                }
                decoder.feed(buffer.array(), 0, read, collect);
                deliver(batch);
            }
        } catch (InterruptedException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (channel.isOpen()) {
                LOG.info("Source '{}': TCP connection from {} ended: {}", sourceName, peer, e.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("Source '{}': TCP connection from {} closed after an unexpected error", sourceName, peer, e);
        } finally {
            closeChannel();
            onEnd.run();
        }
    }

    /** Delivers the batch (holding the permit taken before the read) or gives the permit back when it is empty. */
    private void deliver(List<Event> batch) {
        if (batch.isEmpty()) {
            inFlight.release();
            return;
        }
        List<Event> delivery = List.copyOf(batch);
        batch.clear();
        sink.deliver(delivery).whenComplete((ignored, failure) -> {
            inFlight.release();
            if (failure != null) {
                LOG.error("Source '{}': {} message(s) from {} could not be delivered and are lost: {}", sourceName,
                        delivery.size(), peer, failure.toString());
            }
        });
    }

    /** Closes the connection and ends its thread, waiting for the sink or not. */
    void close() {
        closeChannel();
        Thread reader = thread;
        if (reader != null) {
            reader.interrupt();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing more to do with this connection
        }
    }

    private static String peerOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress address
                    ? address.getAddress().getHostAddress() : String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "unknown";
        }
    }
}
