package io.theia.core.internal.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.theia.api.source.SourceMetrics;
import java.util.function.DoubleSupplier;

/** A source's metrics in the host's registry, named {@code theia.source.<name>} with the tag {@code source}. */
final class MicrometerSourceMetrics implements SourceMetrics {

    private final MeterRegistry registry;
    private final String sourceName;

    MicrometerSourceMetrics(MeterRegistry registry, String sourceName) {
        this.registry = registry;
        this.sourceName = sourceName;
    }

    @Override
    public Counter counter(String name, String description) {
        // Micrometer adds _total itself to counters in the Prometheus format. (Counter here is SourceMetrics's.)
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        io.micrometer.core.instrument.Counter counter = io.micrometer.core.instrument.Counter.builder(
                meterName(base)).description(description).tag("source", sourceName)
                .register(registry);
        return amount -> counter.increment(amount);
    }

    @Override
    public Registration gauge(String name, String description, String labelName, String labelValue,
            DoubleSupplier value) {
        Gauge gauge = Gauge.builder(meterName(name), value::getAsDouble).description(description)
                .tag("source", sourceName).tag(labelName, labelValue).strongReference(true).register(registry);
        return () -> registry.remove(gauge);
    }

    private static String meterName(String name) {
        return "theia.source." + name.replace('_', '.');
    }
}
