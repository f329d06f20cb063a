package io.theia.kafka;

import io.theia.api.source.SourceMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** Source metrics kept in memory, for tests: counters by name, gauges by name and label value. */
final class RecordingMetrics implements SourceMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String description) {
        AtomicLong count = counters.computeIfAbsent(name, key -> new AtomicLong());
        return count::addAndGet;
    }

    @Override
    public Registration gauge(String name, String description, String labelName, String labelValue,
            DoubleSupplier value) {
        String key = name + "{" + labelName + "=" + labelValue + "}";
        gauges.put(key, value);
        return () -> gauges.remove(key, value);
    }

    long count(String name) {
        AtomicLong count = counters.get(name);
        return count == null ? 0 : count.get();
    }

    /** The gauges now registered, read now. */
    Map<String, Double> gauges() {
        Map<String, Double> values = new java.util.TreeMap<>();
        gauges.forEach((key, value) -> values.put(key, value.getAsDouble()));
        return values;
    }
}
