package io.theia.core.internal.plugins;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The metrics of a whole process: JVM memory, garbage collection, threads, classes, processor, uptime, open
 * files (Micrometer's binders) and {@code theia_build_info} with the version. Bound once per process, since the
 * garbage-collection binder listens for the life of the JVM.
 */
final class ProcessMetrics {

    private ProcessMetrics() {
    }

    static void bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("theia.build.info", () -> 1)
                .description("The version of theia this process runs")
                .tag("version", version())
                .register(registry);
    }

    /** The version in theia-core's jar manifest, or {@code development} when run from classes. */
    static String version() {
        String version = ProcessMetrics.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
