package io.theia.source.otlp;

import io.theia.api.source.SourceMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an {@code otlp} source counts, kept for {@link OtlpSource}'s accessors and reported to the host's metrics
 * ({@code theia_source_records_received_total} and so on). Thread-safe.
 */
final class OtlpCounters {

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private final SourceMetrics.Counter receivedMetric;
    private final SourceMetrics.Counter duplicatesMetric;
    private final SourceMetrics.Counter rejectedMetric;
    private final SourceMetrics.Counter failedMetric;

    OtlpCounters(SourceMetrics metrics) {
        receivedMetric = metrics.counter("records_received_total", "OTLP log records received");
        duplicatesMetric = metrics.counter("records_duplicate_total",
                "OTLP log records not stored again because they were already stored (retried exports)");
        rejectedMetric = metrics.counter("records_rejected_total",
                "OTLP log records refused (longer than maxRecordBytes), reported in partial_success");
        failedMetric = metrics.counter("requests_failed_total", "OTLP requests answered with an error status");
    }

    void received(long count) {
        add(received, receivedMetric, count);
    }

    void duplicates(long count) {
        add(duplicates, duplicatesMetric, count);
    }

    void rejected(long count) {
        add(rejected, rejectedMetric, count);
    }

    void failedRequest() {
        add(failedRequests, failedMetric, 1);
    }

    long received() {
        return received.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long rejected() {
        return rejected.get();
    }

    long failedRequests() {
        return failedRequests.get();
    }

    private static void add(AtomicLong count, SourceMetrics.Counter metric, long amount) {
        if (amount > 0) {
            count.addAndGet(amount);
            metric.increment(amount);
        }
    }
}
