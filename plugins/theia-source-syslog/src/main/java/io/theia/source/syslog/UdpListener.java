package io.theia.source.syslog;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog datagrams, one message each, on a thread of its own. The datagrams waiting in the socket when
 * the thread wakes are delivered together, up to {@value #MAX_BATCH} at a time.
 *
 * <p>UDP has no flow control: a receiver that stops reading only moves the loss into the kernel, where nobody
 * counts it. So this listener keeps reading, and when more than {@value #MAX_PENDING_EVENTS} events wait for the
 * sink it drops new datagrams, counts them ({@link #dropped()}) and logs the count at most every
 * {@value #DROP_LOG_INTERVAL_SECONDS} seconds. Thread-safe.
 */
final class UdpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    static final int MAX_BATCH = 1000;
    static final int MAX_PENDING_EVENTS = 10_000;
    static final long DROP_LOG_INTERVAL_SECONDS = 10;
    /** The largest UDP payload over IPv4, so that a datagram is never silently cut by the receive buffer. */
    private static final int MAX_DATAGRAM_BYTES = 65_535;

    private final String sourceName;
    private final DatagramChannel channel;
    private final Selector selector;
    private final EventSink sink;
    private final SyslogEvents events;
    private final int maxMessageBytes;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private long droppedLogged;
    private long lastDropLogNanos;
    private volatile boolean closed;

    private UdpListener(String sourceName, DatagramChannel channel, Selector selector, EventSink sink,
            SyslogEvents events, int maxMessageBytes) {
        this.sourceName = sourceName;
        this.channel = channel;
        this.selector = selector;
        this.sink = sink;
        this.events = events;
        this.maxMessageBytes = maxMessageBytes;
        this.thread = new Thread(this::receiveLoop, "theia-syslog-" + sourceName + "-udp");
        this.thread.setDaemon(true);
    }

    /** Binds the address and starts receiving; throws a {@link TheiaException} naming it when it cannot. */
    static UdpListener start(String sourceName, ListenAddress address, EventSink sink, SyslogEvents events,
            int maxMessageBytes) {
        DatagramChannel channel = null;
        Selector selector = null;
        try {
            channel = DatagramChannel.open();
            channel.bind(address.toSocketAddress());
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            closeQuietly(selector);
            throw new TheiaException("syslog source '" + sourceName + "': cannot listen for UDP on " + address
                    + " (key udp): " + e.getMessage(), e);
        }
        UdpListener listener = new UdpListener(sourceName, channel, selector, sink, events, maxMessageBytes);
        listener.thread.start();
        return listener;
    }

    /** The address actually bound (with the port chosen when the configuration said 0). */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the UDP listener is closed", e);
        }
    }

    /** How many datagrams were dropped because the sink was too far behind. */
    long dropped() {
        return dropped.get();
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        while (!closed) {
            try {
                selector.select();
                selector.selectedKeys().clear();
                List<Event> batch = new ArrayList<>();
                SocketAddress sender;
                while (batch.size() < MAX_BATCH && (sender = receive(buffer)) != null) {
                    if (pending.get() + batch.size() >= MAX_PENDING_EVENTS) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    int length = Math.min(buffer.position(), maxMessageBytes);
                    batch.add(events.toEvent(buffer.array(), length, buffer.position() > maxMessageBytes,
                            hostOf(sender)));
                }
                deliver(batch);
                logDrops();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.error("Source '{}': receiving UDP failed; going on", sourceName, e);
                }
            }
        }
    }

    private SocketAddress receive(ByteBuffer buffer) throws IOException {
        buffer.clear();
        return channel.receive(buffer);
    }

    private void deliver(List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        pending.addAndGet(batch.size());
        sink.deliver(batch).whenComplete((ignored, failure) -> {
            pending.addAndGet(-batch.size());
            if (failure != null) {
                LOG.error("Source '{}': {} UDP message(s) could not be delivered and are lost: {}", sourceName,
                        batch.size(), failure.toString());
            }
        });
    }

    private void logDrops() {
        long total = dropped.get();
        long now = System.nanoTime();
        if (total > droppedLogged && (droppedLogged == 0
                || now - lastDropLogNanos >= DROP_LOG_INTERVAL_SECONDS * 1_000_000_000L)) {
            LOG.warn("Source '{}': the sink is far behind ({} events waiting): dropped {} UDP message(s) so far",
                    sourceName, pending.get(), total);
            droppedLogged = total;
            lastDropLogNanos = now;
        }
    }

    /** Stops receiving and waits for the thread. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(selector);
        closeQuietly(channel);
    }

    private static String hostOf(SocketAddress sender) {
        return sender instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : String.valueOf(sender);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // already closing
            }
        }
    }
}
