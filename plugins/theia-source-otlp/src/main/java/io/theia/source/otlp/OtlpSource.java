package io.theia.source.otlp;

import com.sun.net.httpserver.HttpServer;
import io.theia.api.TheiaException;
import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.SourceContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code otlp} source: an OTLP/HTTP logs receiver on its own listener (the JDK's HTTP server, on
 * {@code threads} threads), answering {@code POST /v1/logs} as {@link LogsHandler} describes. Start once, close once;
 * thread-safe.
 */
public final class OtlpSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpSource.class);

    private final OtlpSourceConfig config;
    private final SourceContext context;
    private final Host host;
    private final OtlpCounters counters;
    private HttpServer server;
    private ExecutorService executor;
    private boolean started;
    private boolean closed;

    OtlpSource(OtlpSourceConfig config, SourceContext context, Host host) {
        this.config = config;
        this.context = context;
        this.host = host;
        this.counters = new OtlpCounters(context.metrics());
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("otlp source '" + context.name() + "' was already started");
        }
        started = true;
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "theia-otlp-" + context.name() + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        try {
            server = HttpServer.create(address, 128);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw new TheiaException("otlp source '" + context.name() + "': cannot listen on " + config.host() + ":"
                    + config.port() + " (host, port): " + e.getMessage(), e);
        }
        server.createContext("/", new LogsHandler(context.name(), config, new Ingest(context.sink()),
                host.clock(), executor, counters));
        server.setExecutor(executor);
        server.start();
        LOG.info("Source '{}': receiving OTLP/HTTP logs on http://{}:{}{}", context.name(), config.host(),
                server.getAddress().getPort(), LogsHandler.PATH);
    }

    /** The address listened on (with the real port when 0 was configured), or empty before the start. */
    public synchronized Optional<InetSocketAddress> address() {
        return Optional.ofNullable(server).map(HttpServer::getAddress);
    }

    /** How many log records arrived in requests that decoded. */
    public long receivedRecords() {
        return counters.received();
    }

    /** How many records were not stored again because they already were (a retried export), or repeated. */
    public long duplicateRecords() {
        return counters.duplicates();
    }

    /** How many records were refused and reported in {@code partial_success}. */
    public long rejectedRecords() {
        return counters.rejected();
    }

    /** How many requests were answered with an error status. */
    public long failedRequests() {
        return counters.failedRequests();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
