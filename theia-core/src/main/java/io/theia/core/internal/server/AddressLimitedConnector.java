package io.theia.core.internal.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A server connector that lets one remote address hold at most {@code maxPerAddress} TCP connections at once,
 * counted from accept to close whatever the connection does (an unfinished HTTP request, plain HTTP, WebSocket). A
 * connection beyond the limit is closed at once, before anything is read from it, so one host cannot use up the
 * process's open files or the server's threads, and others (and {@code /health}) are still served.
 *
 * <p>Jetty has a global limit ({@code NetworkConnectionLimit}, which stops accepting and so also stops
 * {@code /health}) but none per address; the count hooks on the connector's own endpoint open and close events.
 */
final class AddressLimitedConnector extends ServerConnector {

    private final int maxPerAddress;
    private final Runnable onRefused;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final Map<EndPoint, InetAddress> counted = new ConcurrentHashMap<>();

    AddressLimitedConnector(Server server, int maxPerAddress, Runnable onRefused) {
        super(server);
        this.maxPerAddress = maxPerAddress;
        this.onRefused = onRefused;
    }

    /** With the given connection factories (such as TLS, then HTTP) instead of plain HTTP. */
    AddressLimitedConnector(Server server, int maxPerAddress, Runnable onRefused, ConnectionFactory... factories) {
        super(server, factories);
        this.maxPerAddress = maxPerAddress;
        this.onRefused = onRefused;
    }

    @Override
    protected void onEndPointOpened(EndPoint endPoint) {
        InetAddress address = addressOf(endPoint.getRemoteSocketAddress());
        if (address != null) {
            int[] after = new int[1];
            open.compute(address, (key, count) -> {
                int now = count == null ? 1 : count + 1;
                after[0] = now;
                return now > maxPerAddress ? count : Integer.valueOf(now);
            });
            if (after[0] > maxPerAddress) {
                onRefused.run();
                // the socket itself at once (an endpoint closed while the selector is still opening it can stay
                // connected), then the endpoint, for Jetty's own bookkeeping
                closeQuietly(endPoint.getTransport());
                getExecutor().execute(endPoint::close);
                return;
            }
            counted.put(endPoint, address);
        }
        super.onEndPointOpened(endPoint);
    }

    @Override
    protected void onEndPointClosed(EndPoint endPoint) {
        InetAddress address = counted.remove(endPoint);
        if (address != null) {
            open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
        super.onEndPointClosed(endPoint);
    }

    private static void closeQuietly(Object transport) {
        if (transport instanceof Channel channel) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
