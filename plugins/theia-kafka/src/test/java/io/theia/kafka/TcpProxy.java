package io.theia.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on 127.0.0.1 in front of a broker, that can make the broker unreachable and reachable again: while cut,
 * every open connection is closed and new ones are closed as soon as they are accepted, as a broker that is down
 * does to its clients. The port stays the same throughout.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> open = new ArrayList<>();
    private volatile InetSocketAddress target;
    private volatile boolean cut;
    private volatile boolean closed;

    TcpProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where connections go; until set, connections are closed at once. */
    void target(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        target = new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(
                hostAndPort.substring(colon + 1)));
    }

    /** Makes the broker unreachable: closes every connection and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        closeAll();
    }

    /** Makes the broker reachable again. */
    void restore() {
        cut = false;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            InetSocketAddress to = target;
            if (cut || to == null) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(to.getAddress(), to.getPort());
                synchronized (open) {
                    open.add(client);
                    open.add(upstream);
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // the other side or cut() closed it
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        List<Socket> sockets;
        synchronized (open) {
            sockets = List.copyOf(open);
            open.clear();
        }
        sockets.forEach(TcpProxy::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        closeAll();
    }
}
