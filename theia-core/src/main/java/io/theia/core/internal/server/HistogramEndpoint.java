package io.theia.core.internal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.theia.api.store.BucketRange;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.core.internal.security.Role;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /histogram}: counts the events matching criteria per time bucket ({@link EventStore#countPerBucket}),
 * for the web console's bar chart ({@code docs/console.md}).
 *
 * <p>Query parameters: {@code criteria} (the criteria JSON of {@code /live}: no {@code limit}, {@code order}
 * ignored), {@code origin} and {@code width} (seconds since the epoch and seconds, decimals read exactly) and
 * {@code buckets} (1 to {@value #MAX_BUCKETS}). Answers {@code 200 {"origin":…,"width":…,"counts":[…],"total":N}},
 * or a JSON {@code {"code":…,"error":…}}: 400 {@code bad-request} for bad parameters or criteria (the message names
 * the key), 404 {@code no-store} in live-only mode, 500 {@code search-failed}, 503 {@code busy} while
 * {@value #MAX_RUNNING} counts run. The count runs on the server's search threads, never on Jetty's. This one handler is the whole endpoint, so an access check wraps it in one
 * place. Thread-safe.
 */
final class HistogramEndpoint extends Handler.Abstract {

    /** The path served. */
    static final String PATH = "/histogram";
    /** The most buckets one request may ask for. */
    static final int MAX_BUCKETS = 2000;
    /** The most counts running at once on the server; further requests get 503 {@code busy}. */
    static final int MAX_RUNNING = 8;

    private static final Logger LOG = LoggerFactory.getLogger(HistogramEndpoint.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private final Optional<EventStore> store;
    private final AccessCheck access;
    private final Executor searches;
    private final PatternLimits patternLimits;
    private final Runnable counted;
    private final Semaphore running = new Semaphore(MAX_RUNNING);

    /**
     * @param store the store counted, empty in live-only mode
     * @param searches where counts run
     * @param patternLimits the pattern limits criteria are parsed with
     * @param counted called once per count started (the search metric)
     */
    HistogramEndpoint(Optional<EventStore> store, Executor searches, PatternLimits patternLimits, Runnable counted,
            AccessCheck access) {
        this.store = store;
        this.access = access;
        this.searches = searches;
        this.patternLimits = patternLimits;
        this.counted = counted;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            answer(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    problem("method-not-allowed", PATH + " answers GET only"));
            return true;
        }
        if (access.check(request, response, callback, Role.QUERY) == null) {
            return true;
        }
        if (store.isEmpty()) {
            answer(response, callback, HttpStatus.NOT_FOUND_404, problem("no-store",
                    "this collector keeps no events (live-only mode): " + PATH + " is not available"));
            return true;
        }
        Counting histogram;
        try {
            histogram = parse(Request.extractQueryParameters(request, StandardCharsets.UTF_8));
        } catch (CriteriaException | IllegalArgumentException e) {
            answer(response, callback, HttpStatus.BAD_REQUEST_400, problem("bad-request", e.getMessage()));
            return true;
        }
        if (!running.tryAcquire()) {
            answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, problem("busy",
                    MAX_RUNNING + " histogram counts are running on this collector; try again when one has ended"));
            return true;
        }
        try {
            searches.execute(() -> {
                try {
                    count(histogram, response, callback);
                } finally {
                    running.release();
                }
            });
        } catch (RejectedExecutionException e) {
            running.release();
            answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    problem("busy", "the collector is shutting down"));
        }
        return true;
    }

    private void count(Counting histogram, Response response, Callback callback) {
        counted.run();
        long[] counts;
        try {
            counts = store.orElseThrow().countPerBucket(histogram.query(), histogram.range().origin(),
                    Duration.ofNanos(histogram.range().widthNanos()), histogram.range().buckets());
        } catch (RuntimeException e) {
            LOG.warn("A histogram count failed", e);
            answer(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                    problem("search-failed", "search failed: " + e.getMessage()));
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("origin", histogram.origin());
        body.put("width", histogram.width());
        ArrayNode array = body.putArray("counts");
        long total = 0;
        for (long count : counts) {
            array.add(count);
            total += count;
        }
        body.put("total", total);
        answer(response, callback, HttpStatus.OK_200, body);
    }

    private Counting parse(Fields parameters) {
        String criteria = parameters.getValue("criteria");
        EventQuery query = CriteriaParser.parse(criteria == null ? "{}" : criteria, CriteriaParser.Endpoint.HISTOGRAM,
                patternLimits);
        BigDecimal origin = decimal(parameters, "origin");
        BigDecimal width = decimal(parameters, "width");
        String bucketsText = required(parameters, "buckets");
        int buckets;
        try {
            buckets = Integer.parseInt(bucketsText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'buckets' must be a whole number, not '" + quote(bucketsText) + "'");
        }
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("'buckets' must be between 1 and " + MAX_BUCKETS + ", not " + buckets);
        }
        if (origin.signum() < 0 || origin.compareTo(BigDecimal.valueOf(Instant.MAX.getEpochSecond())) > 0) {
            throw new IllegalArgumentException("'origin' must be seconds since the epoch, not " + origin);
        }
        BigDecimal widthNanos = width.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.CEILING);
        if (widthNanos.signum() <= 0 || widthNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'width' must be a positive number of seconds, not " + width);
        }
        BigDecimal originNanos = origin.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.FLOOR);
        BigDecimal[] parts = originNanos.divideAndRemainder(NANOS_PER_SECOND);
        Instant start = Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValueExact());
        return new Counting(query, new BucketRange(start, widthNanos.longValueExact(), buckets), origin,
                width);
    }

    private static BigDecimal decimal(Fields parameters, String key) {
        String text = required(parameters, key);
        if (text.length() > 40) {
            throw new IllegalArgumentException("'" + key + "' is too long: '" + quote(text) + "'");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number of seconds, not '" + quote(text) + "'");
        }
    }

    private static String required(Fields parameters, String key) {
        String value = parameters.getValue(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the query parameter '" + key + "' is missing");
        }
        return value.strip();
    }

    private static String quote(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static ObjectNode problem(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", code);
        body.put("error", message);
        return body;
    }

    private static void answer(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, BufferUtil.toBuffer(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** A parsed request: the query, its buckets, and origin and width as given. */
    private record Counting(EventQuery query, BucketRange range, BigDecimal origin, BigDecimal width) {
    }
}
