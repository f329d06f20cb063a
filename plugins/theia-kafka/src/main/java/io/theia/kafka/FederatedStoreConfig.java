package io.theia.kafka;

import io.theia.api.plugin.Required;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@code federated} store: the collectors whose stores it reads.
 *
 * <pre>{@code
 * store:
 *   type: federated
 *   peers: [collector1:6433, collector2:6433]
 * }</pre>
 *
 * @param peers the collectors, {@code host:port} or {@code ws://host:port} (port 6433 when absent); at least one
 * @param connectTimeoutMillis how long connecting to one peer may take (default 10000)
 * @param liveRetryMillis how long a {@code /live} subscription that accepted partial results waits before it connects
 *     again to a peer that is missing (default 2000)
 */
public record FederatedStoreConfig(@Required List<String> peers, Long connectTimeoutMillis, Long liveRetryMillis) {

    /** Settings with the default {@code liveRetryMillis}. */
    public FederatedStoreConfig(List<String> peers, Long connectTimeoutMillis) {
        this(peers, connectTimeoutMillis, null);
    }

    /** Checks every value. */
    public FederatedStoreConfig {
        List<String> problems = new ArrayList<>();
        peers = peers == null ? List.of() : List.copyOf(peers);
        if (peers.isEmpty()) {
            problems.add("peers: give at least one collector, e.g. [collector1:6433, collector2:6433]");
        }
        for (String peer : peers) {
            try {
                findUri(peer);
            } catch (IllegalArgumentException e) {
                problems.add("peers: '" + peer + "' is not host:port or ws://host:port");
            }
        }
        connectTimeoutMillis = connectTimeoutMillis == null ? 10_000 : connectTimeoutMillis;
        if (connectTimeoutMillis <= 0) {
            problems.add("connectTimeoutMillis: must be positive, not " + connectTimeoutMillis);
        }
        liveRetryMillis = liveRetryMillis == null ? 2_000 : liveRetryMillis;
        if (liveRetryMillis <= 0) {
            problems.add("liveRetryMillis: must be positive, not " + liveRetryMillis);
        }
        KafkaClientSettings.throwIfAny(problems);
    }

    /** The {@code /find} address of a peer. */
    static URI findUri(String peer) {
        return uri(peer, "/find");
    }

    /** The {@code /live} address of a peer. */
    static URI liveUri(String peer) {
        return uri(peer, "/live");
    }

    private static URI uri(String peer, String path) {
        String address = peer.contains("://") ? peer : "ws://" + peer;
        URI uri = URI.create(address);
        if (uri.getHost() == null || !(uri.getScheme().equals("ws") || uri.getScheme().equals("wss"))) {
            throw new IllegalArgumentException(peer);
        }
        int port = uri.getPort() < 0 ? 6433 : uri.getPort();
        return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + port + path);
    }
}
