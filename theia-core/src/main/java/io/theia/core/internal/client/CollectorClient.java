package io.theia.core.internal.client;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.core.internal.ExplicitDemandListener;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A client of a theia collector's WebSocket API ({@code docs/protocol.md}): push events,
 * find stored ones, follow live ones. Speaks exactly what the original's clients speak, plus the acknowledgement
 * and {@code limit} extensions.
 *
 * <pre>{@code
 * try (CollectorClient client = CollectorClient.of("127.0.0.1", 6433)) {
 *     try (EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
 *         pusher.push(events).join();                       // stored durably when this returns
 *     }
 *     client.find(EventQuery.builder().tags("web").build(), System.out::println).join();
 * }
 * }</pre>
 *
 * <p>{@code wss://} addresses speak TLS, checked and authenticated as {@link ClientSecurity} says; its token goes
 * with every connection ({@code docs/security.md}). A collector that refuses the token fails the call with an
 * {@link AccessRefusedException}.
 *
 * <p>One client holds one Jetty WebSocket client (its threads and buffers) and may open any number of
 * connections; closing it closes them all. Thread-safe.
 */
public final class CollectorClient implements AutoCloseable {

    private static final long MAX_RECEIVED_MESSAGE_BYTES = 256L * 1024 * 1024;
    /**
     * How much one read takes from the socket: two packed frames (Jetty's default, 4 KiB, took eight reads and an
     * aggregation copy per 32 KiB frame of a {@code /find}).
     */
    private static final int INPUT_BUFFER_BYTES = 64 * 1024;
    /**
     * Offered on {@code /find} and {@code /live}: a theia collector then packs several events into one binary
     * frame; the original collector ignores the offer and sends one event per frame. Both are read the same way.
     */
    private static final String PACKED_FRAMES = "theia-packed";

    private final URI base;
    private final Duration connectTimeout;
    private final WebSocketClient webSockets;
    private final String token;

    /**
     * A client of the collector at {@code base}, e.g. {@code ws://collector.example:6433}, without a token; on
     * {@code wss://} it trusts the JDK's CAs.
     *
     * @param connectTimeout how long to wait for a connection (and for {@code ok} when subscribing)
     * @throws CollectorException when the WebSocket client cannot start
     */
    public CollectorClient(URI base, Duration connectTimeout) {
        this(base, connectTimeout, ClientSecurity.NONE);
    }

    /**
     * A client of the collector at {@code base}, e.g. {@code wss://collector.example:6433}, with a token, CAs and a
     * client certificate as {@code security} says.
     *
     * @param connectTimeout how long to wait for a connection (and for {@code ok} when subscribing)
     * @throws CollectorException when the WebSocket client cannot start or a PEM file cannot be read
     */
    public CollectorClient(URI base, Duration connectTimeout, ClientSecurity security) {
        this.base = base;
        this.connectTimeout = connectTimeout;
        this.token = security.token();
        ClientConnector connector = new ClientConnector();
        if ("wss".equalsIgnoreCase(base.getScheme())) {
            security.installProvider();
        }
        try {
            connector.setSslContextFactory(security.sslContextFactory());
        } catch (TheiaException e) {
            throw new CollectorException("cannot set up TLS for " + base + ": " + e.getMessage(), e);
        }
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setConnectTimeout(connectTimeout.toMillis());
        this.webSockets = new WebSocketClient(http);
        webSockets.setMaxBinaryMessageSize(MAX_RECEIVED_MESSAGE_BYTES);
        webSockets.setMaxTextMessageSize(MAX_RECEIVED_MESSAGE_BYTES);
        webSockets.setMaxFrameSize(MAX_RECEIVED_MESSAGE_BYTES);
        webSockets.setInputBufferSize(INPUT_BUFFER_BYTES);
        webSockets.setIdleTimeout(Duration.ofDays(1));
        webSockets.setConnectTimeout(connectTimeout.toMillis());
        webSockets.setStopAtShutdown(false);
        try {
            webSockets.start();
        } catch (Exception e) {
            throw new CollectorException("cannot start the WebSocket client: " + e.getMessage(), e);
        }
    }

    /** A client of {@code ws://host:port} with a ten-second connect timeout. */
    public static CollectorClient of(String host, int port) {
        return new CollectorClient(uri(false, host, port), Duration.ofSeconds(10));
    }

    /** {@code ws://host:port}, or {@code wss://host:port} when {@code tls}; an IPv6 address in brackets. */
    public static URI uri(boolean tls, String host, int port) {
        return URI.create((tls ? "wss://" : "ws://") + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]"
                : host) + ":" + port);
    }

    /** The collector's base address. */
    public URI uri() {
        return base;
    }

    /**
     * Opens a connection to {@code /event} (with {@code ?ack=1} when acknowledgements are asked for).
     *
     * @throws CollectorException when the collector cannot be reached or refuses the connection
     */
    public EventPusher pusher(PushOptions options) {
        URI uri = base.resolve(options.acknowledged() ? "/event?ack=1" : "/event");
        EventPusher pusher = new EventPusher(uri, options);
        pusher.opened(connect(pusher.endpoint(), uri));
        return pusher;
    }

    /**
     * Finds stored events: hands each to {@code onEvent} in the query's order, on a client thread, one at a time
     * (the collector sends no faster than {@code onEvent} consumes).
     *
     * @return completes with the number of events once the collector has sent the last one and closed normally;
     *     exceptionally with a {@link CollectorException} when the criteria are refused, the connection fails or
     *     {@code onEvent} throws. Cancelling it closes the stream.
     */
    public CompletableFuture<Long> find(EventQuery query, Consumer<Event> onEvent) {
        AtomicLong count = new AtomicLong();
        URI uri = base.resolve("/find");
        StreamEndpoint endpoint = findEndpoint(uri, query, onEvent, count);
        connect(new ExplicitDemandListener(endpoint), uri, PACKED_FRAMES);
        return closedWhenCancelled(endpoint.done.thenApply(ignored -> count.get()), endpoint);
    }

    /**
     * Finds stored events as {@link #find(EventQuery, Consumer)}, and also ends, normally, once nothing has come for
     * {@code idleTimeout} after the collector confirmed the criteria: for collectors that never close a
     * {@code /find} stream (the original Python collector), which would otherwise never end.
     *
     * @return completes with the number of events and whether the collector closed the stream; exceptionally as
     *     {@link #find(EventQuery, Consumer)}, or when the criteria are not answered within {@code idleTimeout}.
     *     Cancelling it closes the stream.
     */
    public CompletableFuture<FindOutcome> find(EventQuery query, Consumer<Event> onEvent, Duration idleTimeout) {
        AtomicLong count = new AtomicLong();
        URI uri = base.resolve("/find");
        StreamEndpoint endpoint = findEndpoint(uri, query, onEvent, count);
        endpoint.endWhenIdle(idleTimeout);
        try {
            connect(new ExplicitDemandListener(endpoint), uri);
        } catch (CollectorException e) {
            endpoint.done.completeExceptionally(e);
            throw e;
        }
        return closedWhenCancelled(endpoint.done.thenApply(ignored ->
                new FindOutcome(count.get(), !endpoint.endedIdle())), endpoint);
    }

    /**
     * Opens {@code /find} into {@code buffer} (whose criteria and address it already holds), ending it once nothing
     * came for {@code idleTimeout} when that is not null; returns once connected. For {@link CollectorGroup}.
     *
     * @throws CollectorException when the collector cannot be reached or refuses the connection
     */
    void find(FindBuffer buffer, Duration idleTimeout) {
        if (idleTimeout != null) {
            buffer.endWhenIdle(idleTimeout);
        }
        try {
            connect(new ExplicitDemandListener(buffer), buffer.uri(), PACKED_FRAMES);
        } catch (CollectorException e) {
            buffer.done.completeExceptionally(e);
            throw e;
        }
    }

    /** A {@code /find} stream that hands each event to {@code onEvent} and counts it. */
    private static StreamEndpoint findEndpoint(URI uri, EventQuery query, Consumer<Event> onEvent, AtomicLong count) {
        return new StreamEndpoint(uri, CriteriaWriter.find(query)) {
            @Override
            void onEvent(Event event) {
                onEvent.accept(event);
                count.incrementAndGet();
            }
        };
    }

    /** {@code result}, which closes {@code endpoint} when it is cancelled. */
    private static <T> CompletableFuture<T> closedWhenCancelled(CompletableFuture<T> result, StreamEndpoint endpoint) {
        result.whenComplete((ignored, failure) -> {
            if (result.isCancelled()) {
                endpoint.close();
            }
        });
        return result;
    }

    /**
     * Finds stored events and returns them all; for queries with a known, moderate number of results.
     *
     * @throws CollectorException as {@link #find(EventQuery, Consumer)} fails
     */
    public List<Event> findAll(EventQuery query) {
        List<Event> events = new ArrayList<>();
        try {
            find(query, events::add).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CollectorException collector ? collector
                    : new CollectorException("find on " + base + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectorException("interrupted while finding on " + base, e);
        }
        return events;
    }

    /**
     * Subscribes to new events matching {@code query} (its order and limit are not used) and returns once the
     * collector has confirmed the subscription: every matching event it receives from then on goes to
     * {@code listener}, unless dropped because the listener fell behind ({@link LiveListener#onDropped}).
     *
     * @throws CollectorException when the collector cannot be reached, refuses the criteria or does not confirm
     *     within the connect timeout
     */
    public LiveStream live(EventQuery query, LiveListener listener) {
        URI uri = base.resolve("/live");
        StreamEndpoint endpoint = new StreamEndpoint(uri, CriteriaWriter.live(query)) {
            @Override
            void onEvent(Event event) {
                listener.onEvent(event);
            }

            @Override
            void onDropped(long count) {
                listener.onDropped(count);
            }
        };
        endpoint.done.whenComplete((ignored, failure) -> listener.onClosed(
                failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure));
        connect(new ExplicitDemandListener(endpoint), uri, PACKED_FRAMES);
        Session session = await(endpoint.ready, "subscribing to " + uri);
        return new LiveStream(session, endpoint.done);
    }

    /** Closes every connection of this client and stops its threads. */
    @Override
    public void close() {
        try {
            webSockets.stop();
        } catch (Exception e) {
            throw new CollectorException("cannot stop the WebSocket client: " + e.getMessage(), e);
        }
    }

    private Session connect(Session.Listener endpoint, URI uri) {
        return connect(endpoint, uri, null);
    }

    /** Connects, offering {@code subprotocol} when not null (a server that does not know it selects none). */
    private Session connect(Session.Listener endpoint, URI uri, String subprotocol) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(uri);
        if (subprotocol != null) {
            upgrade.setSubProtocols(subprotocol);
        }
        if (token != null) {
            upgrade.setHeader("Authorization", "Bearer " + token);
        }
        try {
            return await(webSockets.connect(endpoint, upgrade), "connecting to " + uri);
        } catch (IOException e) {
            throw new CollectorException("cannot connect to " + uri + ": " + e.getMessage(), e);
        } catch (CollectorException e) {
            int status = upgradeStatus(e);
            if (status == 401) {
                throw new AccessRefusedException(uri + " refused the connection (HTTP 401 unauthorized): "
                        + (token == null ? "it requires a token" : "it does not know the token"), status, e);
            }
            if (status == 403) {
                throw new AccessRefusedException(uri + " refused the connection (HTTP 403 forbidden): the token lacks "
                        + "the role for " + uri.getPath(), status, e);
            }
            throw e;
        }
    }

    /** The HTTP status of a refused upgrade among the causes of {@code failure}, else 0. */
    private static int upgradeStatus(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException upgrade) {
                return upgrade.getResponseStatusCode();
            }
            if (cause instanceof org.eclipse.jetty.websocket.core.exception.UpgradeException upgrade) {
                return upgrade.getResponseStatusCode();
            }
        }
        return 0;
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof CollectorException collector ? collector
                    : new CollectorException(what + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CollectorException(what + " took longer than " + connectTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectorException("interrupted while " + what, e);
        }
    }
}
