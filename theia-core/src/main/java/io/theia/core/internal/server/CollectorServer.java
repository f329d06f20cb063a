package io.theia.core.internal.server;

import io.theia.api.store.EventStore;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.config.ServerConfig;
import io.theia.core.internal.AssemblingListener;
import io.theia.core.internal.ExplicitDemandListener;
import io.theia.core.internal.MessageBudget;
import io.theia.core.internal.security.Access;
import io.theia.core.internal.security.IngestLimits;
import io.theia.core.internal.security.Role;
import io.theia.core.internal.security.ServerTls;
import io.theia.core.internal.security.TokenFile;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's network face on one port ({@code docs/protocol.md}): WebSocket
 * {@code /event}, {@code /find} and {@code /live}, and HTTP {@code GET /health} and {@code GET /metrics}; unless
 * {@code server.console} is false, also the web console at {@code GET /} and its {@code GET /histogram}.
 *
 * <p>Built on plain Jetty 12 (core, no servlets) with Jetty's WebSocket API. Every endpoint reads with explicit
 * demand and writes with completion callbacks, so neither a fast pusher nor a slow reader can make the server
 * buffer without bound or block ingestion.
 *
 * <p>Limits come from {@link ServerConfig}: the largest message (larger ones close the connection with 1009), the
 * most WebSocket connections at once (further upgrades are refused with HTTP 503), the idle timeout, the time a
 * connection may take for its HTTP request or upgrade (the connector's idle timeout until the upgrade), the TCP
 * connections per remote address ({@link AddressLimitedConnector}), and the bytes and time unfinished messages may
 * hold ({@link AssemblingListener}). Criteria are parsed on a small bounded pool of their own, searches on threads of
 * their own; Jetty's threads only move bytes.
 *
 * <p>Security ({@link SecurityConfig}, {@code docs/security.md}): TLS on the one port when configured
 * ({@link ServerTls}, reloaded when its PEM files change), bearer tokens with roles checked on every upgrade and on
 * {@code /metrics} ({@link AccessCheck}: 401/403 with a JSON body, nothing read from a refused connection), and an
 * ingest rate per token ({@link IngestLimits}). {@code /health} stays open.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops accepting, closes every connection and
 * ends running searches. Thread-safe.
 */
public final class CollectorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

    /** Unfinished messages per {@code /event} connection before the server stops reading it. */
    static final int MAX_MESSAGES_IN_FLIGHT = 1024;
    /** Unfinished message bytes per {@code /event} connection before the server stops reading it. */
    static final long MAX_BYTES_IN_FLIGHT = 16L * 1024 * 1024;
    /** Frames written but not yet completed per {@code /live} stream. */
    static final int SEND_WINDOW = 64;
    /** Bytes of frames written but not yet completed per {@code /find} stream. */
    static final int FIND_WINDOW_BYTES = 256 * 1024;
    /** Threads that parse criteria and compile their patterns, off Jetty's network threads. */
    private static final int CRITERIA_THREADS = 2;
    /** Criteria waiting for a parser thread before further ones are refused with 1013. */
    private static final int CRITERIA_QUEUE = 1024;
    private static final int INPUT_BUFFER_BYTES = 32 * 1024;
    /** Also the batch buffer of {@link BatchedFrames}: frames below a quarter of it are gathered into one write. */
    private static final int OUTPUT_BUFFER_BYTES = 64 * 1024;
    /** Encoded live events kept for the other subscribers of the same event. */
    private static final int LIVE_ENCODINGS = 4096;
    private static final String PERMESSAGE_DEFLATE = "permessage-deflate";

    /**
     * The WebSocket subprotocol (extension, {@code docs/protocol.md}) by which a client of {@code /find} or
     * {@code /live} asks for several events per binary frame; accepted whenever offered.
     */
    public static final String PACKED_SUBPROTOCOL = "theia-packed";

    private final Server server;
    private final ServerConnector connector;
    private final ExecutorService searches;
    private final ExecutorService parsers;
    private final ServerMetrics metrics;
    private final ServerTls tls;

    private CollectorServer(Server server, ServerConnector connector, ExecutorService searches,
            ExecutorService parsers, ServerMetrics metrics, ServerTls tls) {
        this.tls = tls;
        this.server = server;
        this.connector = connector;
        this.searches = searches;
        this.parsers = parsers;
        this.metrics = metrics;
    }

    /**
     * Starts a server.
     *
     * @param config where to listen and the limits
     * @param backend what to serve
     * @throws ServerException when the port cannot be bound, naming host and port
     */
    public static CollectorServer start(ServerConfig config, ServerBackend backend) {
        return start(config, SecurityConfig.none(), backend);
    }

    /**
     * Starts a server with TLS, tokens and per-token limits as {@code security} says ({@code docs/security.md}).
     *
     * @throws ServerException when the port cannot be bound, naming host and port
     * @throws io.theia.core.internal.security.TokenFileException when the token file cannot be read or has a bad line,
     *     naming its number
     * @throws io.theia.core.internal.security.TlsException when the certificate or key cannot be used
     */
    public static CollectorServer start(ServerConfig config, SecurityConfig security, ServerBackend backend) {
        Access access = security.tokensRequired() ? Access.of(TokenFile.read(security.tokenFile())) : Access.open();
        ServerTls tls = security.tls().enabled() ? ServerTls.start(security.tls()) : null;
        IngestLimits ingestLimits = new IngestLimits(security.ingestEventsPerSecond(),
                security.ingestBytesPerSecond(), System::nanoTime);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("theia-server");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ConnectionGate gate = new ConnectionGate(config.maxConnections());
        ServerMetrics metrics = new ServerMetrics(backend.metrics(), backend.liveHub(), gate);
        AccessCheck accessCheck = new AccessCheck(access, metrics);
        ServerConnector connector;
        if (tls == null) {
            connector = new AddressLimitedConnector(server, config.maxConnectionsPerAddress(), metrics::addressRefused);
        } else {
            HttpConfiguration https = new HttpConfiguration();
            // Clients reach collectors by IP address as often as by name; the certificate check is theirs to make.
            https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            connector = new AddressLimitedConnector(server, config.maxConnectionsPerAddress(), metrics::addressRefused,
                    new SslConnectionFactory(tls.factory(), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        // until the upgrade (and for plain HTTP); an upgraded WebSocket session sets its own idleTimeout below
        connector.setIdleTimeout(config.headerTimeout().toMillis());
        server.addConnector(connector);

        ExecutorService searches = Executors.newCachedThreadPool(daemonThreads("theia-find-"));
        ExecutorService parsers = new ThreadPoolExecutor(CRITERIA_THREADS, CRITERIA_THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(CRITERIA_QUEUE), daemonThreads("theia-criteria-"));
        int maxEventBytes = (int) Math.min(Integer.MAX_VALUE, config.maxMessageBytes());
        SharedEncodings encodings = new SharedEncodings(LIVE_ENCODINGS);
        DrainLanes drainLanes = new DrainLanes(threads, Runtime.getRuntime().availableProcessors());

        MessageBudget budget = new MessageBudget(config.messageBudget());
        // A second budget of the same size for whole messages waiting for the store: spending it pauses reading,
        // where spending the first refuses an unfinished message.
        MessageBudget waitingBudget = new MessageBudget(config.messageBudget());
        Function<ExplicitDemandListener.Handler, Session.Listener> listeners = handler -> new AssemblingListener(
                handler, budget, config.maxMessageBytes(), server.getScheduler(), config.messageStallTimeout(),
                metrics::messageAbandoned);
        PatternLimits patternLimits = new PatternLimits(config.maxPatternLength(), config.maxPatternProgram());
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, context, container -> {
            container.setMaxTextMessageSize(config.maxMessageBytes());
            container.setMaxBinaryMessageSize(config.maxMessageBytes());
            container.setMaxFrameSize(config.maxMessageBytes());
            container.setIdleTimeout(config.idleTimeout());
            container.setInputBufferSize(INPUT_BUFFER_BYTES);
            container.setOutputBufferSize(OUTPUT_BUFFER_BYTES);
            container.addMapping("/event", limited(gate, metrics, accessCheck, Role.INGEST, config.compresses("event"),
                    false, listeners, (request, packed, release, token) -> new EventEndpoint(
                            acknowledgementsRequested(request) ? backend.sink() : backend.bufferedSink(), metrics,
                            acknowledgementsRequested(request), MAX_MESSAGES_IN_FLIGHT, MAX_BYTES_IN_FLIGHT,
                            maxEventBytes, waitingBudget, release).limitedBy(ingestLimits.forToken(token))));
            container.addMapping("/find", limited(gate, metrics, accessCheck, Role.QUERY, config.compresses("find"),
                    true, listeners, (request, packed, release, token) -> new FindEndpoint(backend.store(), searches, server.getScheduler(),
                            metrics, FIND_WINDOW_BYTES, packed, patternLimits, parsers, release)));
            container.addMapping("/live", limited(gate, metrics, accessCheck, Role.QUERY, config.compresses("live"),
                    true, listeners, (request, packed, release, token) -> new LiveEndpoint(backend.liveHub(),
                            backend.store().flatMap(EventStore::liveFeed).orElse(null), config.liveQueue(), SEND_WINDOW,
                            drainLanes.next(), encodings, packed, patternLimits, parsers, release)));
        });
        Map<String, Object> securityDetails = new LinkedHashMap<>();
        securityDetails.put("auth", access.required() ? "token" : "none");
        securityDetails.put("tls", tls != null);
        if (tls != null) {
            securityDetails.put("tlsProvider", tls.crypto().effective().toString());
        }
        Handler.Sequence http = new Handler.Sequence(
                new HttpEndpoints(backend.health(), backend.metrics(), accessCheck, securityDetails));
        if (config.console()) {
            // The web console (docs/console.md): its files are open so the token prompt loads; the histogram runs
            // queries and is gated as /find is.
            http.addHandler(new HistogramEndpoint(backend.store(), searches, patternLimits, metrics::searchStarted,
                    accessCheck));
            http.addHandler(new ConsoleHandler(new ConsoleAssets(CollectorServer.class.getClassLoader())));
        }
        webSockets.setHandler(http);
        context.setHandler(webSockets);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            searches.shutdownNow();
            parsers.shutdownNow();
            metrics.close();
            if (tls != null) {
                tls.close();
            }
            throw new ServerException("cannot start the collector server on " + config.host() + ":" + config.port()
                    + ": " + ServerException.causeOf(e), e);
        }
        CollectorServer started = new CollectorServer(server, connector, searches, parsers, metrics, tls);
        LOG.info("Collector listening on {}:{} ({}, {})", config.host(), started.port(),
                tls == null ? "plain text" : tls.factory().getNeedClientAuth() ? "TLS, client certificates required"
                        : "TLS", access.required() ? "tokens required" : "no authentication");
        if (!access.required() && !isLoopback(config.host())) {
            LOG.warn("SECURITY: the collector listens on {}, beyond this machine, without authentication: anyone who "
                    + "can reach port {} can read every stored event and store anything. Set security.tokenFile "
                    + "(and TLS): see docs/security.md", config.host(), started.port());
        }
        return started;
    }

    /** The port the server listens on (the bound one when configured with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

 /**
     * The WebSocket base address clients on this machine can use, e.g. {@code ws://127.0.0.1:6433}, or
     * {@code wss://…} with TLS.
     */
    public URI uri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0")
                ? "127.0.0.1" : connector.getHost();
        return URI.create((tls == null ? "ws://" : "wss://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Stops accepting, closes every connection and ends running searches; idempotent. */
    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
        stopQuietly(server);
        parsers.shutdownNow();
        searches.shutdownNow();
        try {
            searches.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
    }

    private static boolean acknowledgementsRequested(Request request) {
        String ack = Request.extractQueryParameters(request).getValue("ack");
        return "1".equals(ack) || "true".equals(ack);
    }

    /**
     * A creator that refuses the upgrade with 503 when {@code maxConnections} are open, and declines the client's
     * offer of permessage-deflate unless {@code compress} (RFC 7692 lets a server accept an offer or not). Where
     * {@code packable}, a client offering {@link #PACKED_SUBPROTOCOL} gets it.
     */
    private static WebSocketCreator limited(ConnectionGate gate, ServerMetrics metrics, AccessCheck access, Role role,
            boolean compress, boolean packable, Function<ExplicitDemandListener.Handler, Session.Listener> listeners,
            EndpointFactory endpoints) {
        return (request, response, callback) -> {
            Access.Decision.Granted granted = access.check(request, response, callback, role);
            if (granted == null) {
                return null;
            }
            if (!compress) {
                response.setExtensions(response.getExtensions().stream()
                        .filter(extension -> !PERMESSAGE_DEFLATE.equalsIgnoreCase(extension.getName())).toList());
            }
            Runnable release = gate.tryEnter();
            if (release == null) {
                metrics.connectionRejected();
                Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "too many connections: this collector serves at most " + gate.max());
                return null;
            }
            boolean packed = packable && request.hasSubProtocol(PACKED_SUBPROTOCOL);
            if (packed) {
                response.setAcceptedSubProtocol(PACKED_SUBPROTOCOL);
            }
            return listeners.apply(endpoints.create(request, packed, release, granted.name()));
        };
    }

    /** Whether {@code host} is a loopback address (so only this machine can connect). */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the collector server failed", e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Makes the endpoint of one accepted upgrade; {@code packed}: the client negotiated packed frames;
     * {@code release} frees its connection slot; {@code token}: the name of the client's token, null without one.
     */
    @FunctionalInterface
    private interface EndpointFactory {
        ExplicitDemandListener.Handler create(Request request, boolean packed, Runnable release, String token);
    }
}
