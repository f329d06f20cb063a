package io.theia.core.internal.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import io.theia.core.internal.pipeline.LiveHub;

/**
 * The collector server's meters, registered once per server:
 * {@code theia_events_received_total}, {@code theia_received_bytes_total}, {@code theia_messages_rejected_total}
 * (messages that did not parse), {@code theia_events_rejected_total} (parsed events the pipeline refused),
 * {@code theia_connections_open}, {@code theia_connections_rejected_total},
 * {@code theia_address_connections_refused_total} (connections beyond {@code maxConnectionsPerAddress}),
 * {@code theia_messages_abandoned_total} (connections closed for the message budget or a stalled message),
 * {@code theia_searches_total},
 * {@code theia_live_subscribers}, {@code theia_live_dropped_total},
 * {@code theia_access_refused_total{reason="unauthorized"|"forbidden"}} (requests refused for their token) and
 * {@code theia_ingest_rate_limited_total} (messages refused for their token's ingest rate). {@link #close()} removes them again, so a
 * registry can serve a later server. Thread-safe.
 */
final class ServerMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> meters;

    private final Counter eventsReceived;
    private final Counter bytesReceived;
    private final Counter messagesRejected;
    private final Counter eventsRejected;
    private final Counter connectionsRejected;
    private final Counter searches;
    private final Counter addressRefused;
    private final Counter messagesAbandoned;
    private final Counter unauthorized;
    private final Counter forbidden;
    private final Counter rateLimited;

    ServerMetrics(MeterRegistry registry, LiveHub liveHub, ConnectionGate connections) {
        this.registry = registry;
        eventsReceived = Counter.builder("theia.events.received")
                .description("Events received on /event").register(registry);
        bytesReceived = Counter.builder("theia.received").baseUnit("bytes")
                .description("Bytes of messages received on /event").register(registry);
        messagesRejected = Counter.builder("theia.messages.rejected")
                .description("Messages on /event that did not parse; nothing of them was stored").register(registry);
        eventsRejected = Counter.builder("theia.events.rejected")
                .description("Parsed events the ingest pipeline failed to store").register(registry);
        connectionsRejected = Counter.builder("theia.connections.rejected")
                .description("WebSocket connections refused because maxConnections were open").register(registry);
        searches = Counter.builder("theia.searches").description("Searches run for /find").register(registry);
        addressRefused = Counter.builder("theia.address.connections.refused")
                .description("TCP connections closed at once because their address held maxConnectionsPerAddress")
                .register(registry);
        messagesAbandoned = Counter.builder("theia.messages.abandoned")
                .description("Connections closed with an unfinished message: over the message budget, or stalled")
                .register(registry);
        unauthorized = Counter.builder("theia.access.refused").tag("reason", "unauthorized")
                .description("Requests refused for their token: none or unknown (401), or lacking the role (403)")
                .register(registry);
        forbidden = Counter.builder("theia.access.refused").tag("reason", "forbidden")
                .description("Requests refused for their token: none or unknown (401), or lacking the role (403)")
                .register(registry);
        rateLimited = Counter.builder("theia.ingest.rate.limited")
                .description("Messages on /event refused because their token was over its ingest rate; nothing of "
                        + "them was stored").register(registry);
        meters = List.of(eventsReceived, bytesReceived, messagesRejected, eventsRejected, connectionsRejected,
                searches, addressRefused, messagesAbandoned, unauthorized, forbidden, rateLimited,
                Gauge.builder("theia.connections.open", connections, ConnectionGate::open)
                        .description("Open WebSocket connections").register(registry),
                Gauge.builder("theia.live.subscribers", liveHub, LiveHub::subscribers)
                        .description("Live subscribers").register(registry),
                FunctionCounter.builder("theia.live.dropped", liveHub, LiveHub::dropped)
                        .description("Events dropped for live subscribers that fell behind").register(registry));
    }

    /** Removes this server's meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }

    void received(int events, int bytes) {
        eventsReceived.increment(events);
        bytesReceived.increment(bytes);
    }

    void messageRejected(int bytes) {
        bytesReceived.increment(bytes);
        messagesRejected.increment();
    }

    void eventsRejected(int events) {
        eventsRejected.increment(events);
    }

    void connectionRejected() {
        connectionsRejected.increment();
    }

    void addressRefused() {
        addressRefused.increment();
    }

    void messageAbandoned() {
        messagesAbandoned.increment();
    }

    void accessRefused(String reason) {
        (reason.equals("forbidden") ? forbidden : unauthorized).increment();
    }

    void rateLimited(int bytes) {
        bytesReceived.increment(bytes);
        rateLimited.increment();
    }

    void searchStarted() {
        searches.increment();
    }
}
