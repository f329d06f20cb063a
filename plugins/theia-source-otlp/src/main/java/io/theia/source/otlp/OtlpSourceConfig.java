package io.theia.source.otlp;

import io.theia.api.plugin.InvalidSettingsException;
import io.theia.api.plugin.InvalidSettingsException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of an {@code otlp} source, as written in a {@code sources} entry of the configuration:
 *
 * <pre>{@code
 * sources:
 *   - type: otlp
 *     host: 127.0.0.1
 *     port: 4318
 *     sourceAttribute: service.name
 *     tags: [severity, service.name]
 *     attributes: content
 *     maxBodyBytes: 16777216
 *     maxRecordBytes: 1048576
 *     maxPendingRequests: 16
 *     deliveryTimeout: 30s
 *     retryAfter: 1s
 *     threads: 8
 *     token: ""
 * }</pre>
 *
 * <p>Immutable. The compact constructor applies the defaults and reports every invalid value at once.
 *
 * @param host the address to listen on (default {@value #DEFAULT_HOST}; {@code 0.0.0.0} for every interface)
 * @param port the port (default {@value #DEFAULT_PORT}, the OTLP/HTTP port; 0 picks a free one, logged at start)
 * @param sourceAttribute the resource attribute whose value becomes the event's source (default
 *     {@code service.name})
 * @param tags where the event's tags come from, in order: {@value OtlpEvents#SEVERITY} for the severity text (or
 *     the severity number's name), any other name for that attribute of the record, else of its resource (default
 *     {@code [severity, service.name]})
 * @param attributes {@code content} (default) to append the record's other attributes to the content as compact
 *     JSON, {@code drop} to leave them out
 * @param maxBodyBytes the largest request body, in bytes, before and after gzip (default 16 MiB); larger: 413
 * @param maxRecordBytes the most bytes of content, source and tags the event of one record may have (default
 *     1 MiB); a larger record is rejected and reported in the response's {@code partial_success}
 * @param maxPendingRequests how many requests may wait for the sink at once (default 16); more: 429. Each holds
 *     its events in memory while it waits, so at most about this many times {@code maxBodyBytes} are held
 * @param deliveryTimeout how long a request waits for the sink (default 30 s); longer: 503
 * @param retryAfter the {@code Retry-After} of a 429 or 503 answer (default 1 s, whole seconds)
 * @param threads how many threads read and decode requests (default 8); a client sending its request slowly holds
 *     one while it does
 * @param token when set, requests must carry {@code Authorization: Bearer <token>} (else 401)
 */
public record OtlpSourceConfig(String host, Integer port, String sourceAttribute, List<String> tags,
        String attributes, Integer maxBodyBytes, Integer maxRecordBytes, Integer maxPendingRequests,
        Duration deliveryTimeout, Duration retryAfter, Integer threads, String token) {

    /** The default {@code host}: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default {@code port}, OTLP/HTTP's. */
    public static final int DEFAULT_PORT = 4318;
    /** The default {@code maxBodyBytes}. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** The default {@code maxRecordBytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
    /** The largest {@code maxRecordBytes}: an event must stay below what a store's reader accepts (16 MiB). */
    public static final int MAX_RECORD_BYTES = 15 * 1024 * 1024;

    /** What becomes of the attributes not used as tags. */
    public enum Attributes {
        /** Appended to the content as compact JSON. */
        CONTENT,
        /** Left out. */
        DROP
    }

    /** Applies the defaults and checks every value. */
    public OtlpSourceConfig {
        List<Problem> problems = new ArrayList<>();
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        port = port == null ? DEFAULT_PORT : port;
        if (port < 0 || port > 65_535) {
            problems.add(new Problem("port", "must be between 0 and 65535, not " + port));
        }
        sourceAttribute = sourceAttribute == null || sourceAttribute.isBlank() ? "service.name" : sourceAttribute;
        tags = tags == null ? List.of(OtlpEvents.SEVERITY, "service.name") : List.copyOf(tags);
        for (String tag : tags) {
            if (tag == null || tag.isBlank()) {
                problems.add(new Problem("tags", "an entry is empty; name an attribute or 'severity'"));
            }
        }
        attributes = attributes == null ? "content" : attributes.strip().toLowerCase(Locale.ROOT);
        if (!attributes.equals("content") && !attributes.equals("drop")) {
            problems.add(new Problem("attributes", "must be content or drop, not '" + attributes + "'"));
        }
        maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        if (maxBodyBytes < 1024) {
            problems.add(new Problem("maxBodyBytes", "must be at least 1024, not " + maxBodyBytes));
        }
        maxRecordBytes = maxRecordBytes == null ? DEFAULT_MAX_RECORD_BYTES : maxRecordBytes;
        if (maxRecordBytes < 1024 || maxRecordBytes > MAX_RECORD_BYTES) {
            problems.add(new Problem("maxRecordBytes", "must be between 1024 and " + MAX_RECORD_BYTES + ", not "
                    + maxRecordBytes));
        }
        maxPendingRequests = maxPendingRequests == null ? 16 : maxPendingRequests;
        if (maxPendingRequests < 1) {
            problems.add(new Problem("maxPendingRequests", "must be at least 1, not " + maxPendingRequests));
        }
        deliveryTimeout = deliveryTimeout == null ? Duration.ofSeconds(30) : deliveryTimeout;
        if (deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
            problems.add(new Problem("deliveryTimeout", "must be positive, not " + deliveryTimeout));
        }
        retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        if (retryAfter.isNegative()) {
            problems.add(new Problem("retryAfter", "must not be negative, not " + retryAfter));
        }
        threads = threads == null ? 8 : threads;
        if (threads < 1 || threads > 256) {
            problems.add(new Problem("threads", "must be between 1 and 256, not " + threads));
        }
        token = token == null || token.isEmpty() ? null : token;
        InvalidSettingsException.throwIfAny(problems);
    }

    /** What becomes of the attributes not used as tags. */
    Attributes attributesMode() {
        return attributes.equals("drop") ? Attributes.DROP : Attributes.CONTENT;
    }

    /** The {@code Retry-After} header value: whole seconds, at least 1. */
    String retryAfterSeconds() {
        return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    @Override
    public String toString() {
        // The token stays out of logs.
        return "OtlpSourceConfig[host=" + host + ", port=" + port + ", sourceAttribute=" + sourceAttribute
                + ", tags=" + tags + ", attributes=" + attributes + ", maxBodyBytes=" + maxBodyBytes
                + ", maxRecordBytes=" + maxRecordBytes + ", maxPendingRequests=" + maxPendingRequests
                + ", deliveryTimeout=" + deliveryTimeout + ", retryAfter=" + retryAfter + ", threads=" + threads
                + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
