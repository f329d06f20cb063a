package io.theia.api.source;

import java.util.function.DoubleSupplier;

/**
 * Where a source reports what it does, without depending on a metrics library: the host exposes each counter and
 * gauge at {@code /metrics} as {@code theia_source_<name>} with the label {@code source} (the source's name) and the
 * labels given. Names are lower-case words joined by {@code _}; counters end in {@code _total}. Thread-safe.
 */
public interface SourceMetrics {

    /** Metrics that go nowhere, for hosts and tests that keep none. */
    SourceMetrics NONE = new SourceMetrics() {
        @Override
        public Counter counter(String name, String description) {
            return amount -> { };
        }

        @Override
        public Registration gauge(String name, String description, String labelName, String labelValue,
                DoubleSupplier value) {
            return () -> { };
        }
    };

    /** A count that only grows. */
    @FunctionalInterface
    interface Counter {
        /** Adds a non-negative amount. */
        void increment(long amount);
    }

    /** A gauge the host reads while it is registered; closing removes it (e.g. when a file is let go). */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A counter of this source, e.g. {@code lines_read_total}; asking twice for one name gives the same count.
     *
     * @param description one line for the metric's help text
     */
    Counter counter(String name, String description);

    /**
     * A value the host reads when metrics are scraped, with one label of its own, e.g. the lag of one file:
     * {@code gauge("file_lag_bytes", "…", "file", "/var/log/syslog", () -> size - position)}.
     *
     * @return the registration; close it when the value no longer exists
     */
    Registration gauge(String name, String description, String labelName, String labelValue, DoubleSupplier value);
}
