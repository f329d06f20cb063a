package io.theia.source.syslog;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A {@code host:port} to listen on, as written in the configuration ({@code 0.0.0.0:514}, {@code [::1]:6514},
 * {@code :514} for every interface). Port 0 picks a free port. Immutable.
 *
 * @param host the address or name to bind to; empty for every interface
 * @param port the port, 0 to 65535
 */
record ListenAddress(String host, int port) {

    /** Parses a listen address; adds a problem naming the key and returns null when it is not one. */
    static ListenAddress parse(String key, String value, List<String> problems) {
        String text = value.strip();
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            problems.add(key + ": '" + value + "' is not a listen address host:port, e.g. 0.0.0.0:514");
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + value + "' has no port number after the last ':'");
            return null;
        }
        if (port < 0 || port > 65_535) {
            problems.add(key + ": port " + port + " is not between 0 and 65535");
            return null;
        }
        return new ListenAddress(host, port);
    }

    /** The socket address to bind; resolves the host name. */
    InetSocketAddress toSocketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
