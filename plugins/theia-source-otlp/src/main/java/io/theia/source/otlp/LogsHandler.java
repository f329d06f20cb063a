package io.theia.source.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.theia.source.otlp.Ingest.Outcome;
import io.theia.source.otlp.OtlpEvents.Mapped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/logs}: decodes the export request (protobuf or JSON, gzip or not), delivers its records and
 * answers once the sink has them durably, per the OTLP/HTTP specification:
 * <ul>
 *   <li>200 with an {@code ExportLogsServiceResponse}, with {@code partial_success} when records were rejected
 *       (too long); records already stored (a retried export) count as delivered;</li>
 *   <li>400 for a body that does not decode, 401 without the configured token, 404 for another path, 405 for
 *       another method, 413 for a body longer than {@code maxBodyBytes}, 415 for another content type or
 *       encoding;</li>
 *   <li>500 when a decoded record cannot be turned into an event (a defect of this receiver, logged);</li>
 *   <li>429 with {@code Retry-After} when {@code maxPendingRequests} requests already wait for the sink, 503 with
 *       {@code Retry-After} when the sink failed or did not finish within {@code deliveryTimeout}: nothing of the
 *       request is lost, the exporter sends it again and what was stored meanwhile counts as duplicates.</li>
 * </ul>
 * Failure bodies are a {@code google.rpc.Status} with a message. The response to a delivered request is written from
 * {@code executor} when the delivery completes; no thread waits for the sink. Thread-safe.
 */
final class LogsHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LogsHandler.class);
    static final String PATH = "/v1/logs";

    private final String sourceName;
    private final OtlpSourceConfig config;
    private final OtlpEvents events;
    private final Ingest ingest;
    private final Clock clock;
    private final Executor executor;
    private final OtlpCounters counters;
    private final AtomicInteger pending = new AtomicInteger();
    private final byte[] expectedAuthorization;

    LogsHandler(String sourceName, OtlpSourceConfig config, Ingest ingest, Clock clock, Executor executor,
            OtlpCounters counters) {
        this.sourceName = sourceName;
        this.config = config;
        this.events = new OtlpEvents(config);
        this.ingest = ingest;
        this.clock = clock;
        this.executor = executor;
        this.counters = counters;
        this.expectedAuthorization = config.token() == null ? null
                : ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            admit(exchange);
        } catch (RuntimeException | IOException e) {
            LOG.warn("Source '{}': answering an OTLP request failed: {}", sourceName, e.toString());
            exchange.close();
        }
    }

    private void admit(HttpExchange exchange) throws IOException {
        String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        boolean json = contentType.equals("application/json");
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            fail(exchange, json, 404, Responses.UNIMPLEMENTED, "no such path; OTLP logs go to " + PATH);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            fail(exchange, json, 405, Responses.UNIMPLEMENTED, "only POST is allowed");
            return;
        }
        if (expectedAuthorization != null && !authorized(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            fail(exchange, json, 401, Responses.UNAUTHENTICATED, "a valid bearer token is required");
            return;
        }
        if (!json && !contentType.equals("application/x-protobuf")) {
            fail(exchange, false, 415, Responses.INVALID_ARGUMENT, "Content-Type must be application/x-protobuf "
                    + "or application/json, not '" + contentType + "'");
            return;
        }
        String encoding = mediaType(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        if (!encoding.isEmpty() && !encoding.equals("gzip") && !encoding.equals("identity")) {
            fail(exchange, json, 415, Responses.INVALID_ARGUMENT, "Content-Encoding must be gzip or identity, not '"
                    + encoding + "'");
            return;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && isLongerThan(length, config.maxBodyBytes())) {
            fail(exchange, json, 413, Responses.RESOURCE_EXHAUSTED, "the body (" + length.strip()
                    + " bytes) is longer than maxBodyBytes (" + config.maxBodyBytes() + " bytes)");
            return;
        }
        if (pending.incrementAndGet() > config.maxPendingRequests()) {
            pending.decrementAndGet();
            retryLater(exchange, json, 429, Responses.RESOURCE_EXHAUSTED, "too many requests wait for the store ("
                    + config.maxPendingRequests() + ", maxPendingRequests)");
            return;
        }
        boolean handedOver = false;
        try {
            handedOver = decodeAndDeliver(exchange, json, encoding.equals("gzip"));
        } finally {
            if (!handedOver) {
                pending.decrementAndGet();
            }
        }
    }

    /** Returns whether the request was handed to the sink (and the completion will answer it). */
    private boolean decodeAndDeliver(HttpExchange exchange, boolean json, boolean gzip) throws IOException {
        ExportLogsServiceRequest request;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = RequestBody.read(in, gzip, config.maxBodyBytes());
            request = json ? OtlpJson.parse(new String(body, StandardCharsets.UTF_8))
                    : ExportLogsServiceRequest.parseFrom(body);
        } catch (RequestBody.TooLargeException e) {
            fail(exchange, json, 413, Responses.RESOURCE_EXHAUSTED, e.getMessage());
            return false;
        } catch (MalformedRequestException e) {
            fail(exchange, json, 400, Responses.INVALID_ARGUMENT, e.getMessage());
            return false;
        } catch (InvalidProtocolBufferException e) {
            fail(exchange, json, 400, Responses.INVALID_ARGUMENT,
                    "the body is not a protobuf ExportLogsServiceRequest: " + e.getMessage());
            return false;
        }
        Mapped mapped;
        try {
            mapped = events.map(request, clock.instant());
        } catch (RuntimeException e) {
            // A record this receiver cannot turn into an event is its own defect: say so, do not have it retried.
            LOG.warn("Source '{}': an OTLP request could not be mapped to events", sourceName, e);
            fail(exchange, json, 500, Responses.INTERNAL, "the records could not be turned into events: "
                    + e.getMessage());
            return false;
        }
        counters.received(mapped.records());
        counters.duplicates(mapped.repeated());
        counters.rejected(mapped.rejected());
        CompletableFuture<Outcome> delivery = ingest.deliver(mapped.events());
        CompletableFuture<Outcome> bounded = new CompletableFuture<>();
        delivery.whenComplete((outcome, failure) -> bounded.complete(outcome));
        bounded.orTimeout(config.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((outcome, failure) -> answer(exchange, json, mapped, outcome, failure), executor);
        return true;
    }

    private void answer(HttpExchange exchange, boolean json, Mapped mapped, Outcome outcome, Throwable failure) {
        try {
            if (failure != null || outcome.failure() != null) {
                Throwable cause = failure != null ? failure : outcome.failure();
                String reason = cause instanceof TimeoutException
                        ? "the store did not take the records within deliveryTimeout (" + config.deliveryTimeout()
                                + ")"
                        : "the store did not take the records: " + cause.getMessage();
                LOG.debug("Source '{}': {}", sourceName, reason);
                retryLater(exchange, json, 503, Responses.UNAVAILABLE, reason + "; send them again");
                return;
            }
            counters.duplicates(outcome.duplicates());
            respond(exchange, json, 200, Responses.success(json, mapped.rejected(), mapped.rejectedMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Source '{}': the OTLP client left before its answer: {}", sourceName, e.toString());
            exchange.close();
        } finally {
            pending.decrementAndGet();
        }
    }

    private void retryLater(HttpExchange exchange, boolean json, int status, int code, String message)
            throws IOException {
        exchange.getResponseHeaders().set("Retry-After", config.retryAfterSeconds());
        fail(exchange, json, status, code, message);
    }

    private void fail(HttpExchange exchange, boolean json, int status, int code, String message) throws IOException {
        counters.failedRequest();
        respond(exchange, json, status, Responses.status(json, code, message));
    }

    private static void respond(HttpExchange exchange, boolean json, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", json ? "application/json" : "application/x-protobuf");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }

    private boolean authorized(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.UTF_8),
                expectedAuthorization);
    }

    private static boolean isLongerThan(String length, int maxBytes) {
        try {
            return Long.parseLong(length.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
