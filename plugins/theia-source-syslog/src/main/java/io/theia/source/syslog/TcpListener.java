package io.theia.source.syslog;

import io.theia.api.TheiaException;
import io.theia.api.source.EventSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and reads each on a thread of its own ({@link TcpConnection}). Syslog senders keep few,
 * long connections (relays, agents), so a thread per connection keeps the flow control simple: a thread that does
 * not read is a sender that waits. At most {@value #MAX_CONNECTIONS} connections are served; more are refused.
 * Thread-safe.
 */
final class TcpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    static final int MAX_CONNECTIONS = 512;

    private final String sourceName;
    private final ServerSocketChannel server;
    private final EventSink sink;
    private final SyslogEvents events;
    private final int maxMessageBytes;
    private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpListener(String sourceName, ServerSocketChannel server, EventSink sink, SyslogEvents events,
            int maxMessageBytes) {
        this.sourceName = sourceName;
        this.server = server;
        this.sink = sink;
        this.events = events;
        this.maxMessageBytes = maxMessageBytes;
        this.acceptor = new Thread(this::acceptLoop, "theia-syslog-" + sourceName + "-tcp");
        this.acceptor.setDaemon(true);
    }

    /** Binds the address and starts accepting; throws a {@link TheiaException} naming it when it cannot. */
    static TcpListener start(String sourceName, ListenAddress address, EventSink sink, SyslogEvents events,
            int maxMessageBytes) {
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open();
            server.bind(address.toSocketAddress());
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            throw new TheiaException("syslog source '" + sourceName + "': cannot listen for TCP on " + address
                    + " (key tcp): " + e.getMessage(), e);
        }
        TcpListener listener = new TcpListener(sourceName, server, sink, events, maxMessageBytes);
        listener.acceptor.start();
        return listener;
    }

    /** The address actually bound (with the port chosen when the configuration said 0). */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the TCP listener is closed", e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Out of file descriptors and the like: say so, and keep accepting once it passes.
                LOG.warn("Source '{}': accepting a TCP connection failed: {}", sourceName, e.toString());
                pause();
                continue;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                LOG.warn("Source '{}': refused a TCP connection: already {} connections", sourceName,
                        MAX_CONNECTIONS);
                closeQuietly(channel);
                continue;
            }
            serve(channel);
        }
    }

    private void serve(SocketChannel channel) {
        TcpConnection[] holder = new TcpConnection[1];
        TcpConnection connection = new TcpConnection(sourceName, channel, sink, events, maxMessageBytes,
                () -> connections.remove(holder[0]));
        holder[0] = connection;
        connections.add(connection);
        Thread thread = new Thread(connection, "theia-syslog-" + sourceName + "-tcp-connection");
        thread.setDaemon(true);
        synchronized (threads) {
            threads.removeIf(old -> !old.isAlive());
            threads.add(thread);
        }
        thread.start();
        if (closed) {
            connection.close();
        }
    }

    /** Stops accepting, closes every connection and waits for their threads. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        join(acceptor);
        connections.forEach(TcpConnection::close);
        List<Thread> running;
        synchronized (threads) {
            running = List.copyOf(threads);
        }
        running.forEach(TcpListener::join);
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already closing
            }
        }
    }
}
