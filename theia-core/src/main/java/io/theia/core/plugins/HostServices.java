package io.theia.core.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.name.Names;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.core.config.ConfigMappers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

/**
 * The services the host offers to plugins, which a plugin's extension may {@code @Inject}: {@link Clock},
 * {@link MeterRegistry}, {@link ObjectMapper} and the host name as {@code @Named("hostName") String}.
 *
 * @param clock the clock events are timestamped with
 * @param hostName this machine's name
 * @param metrics the metrics registry, exposed in Prometheus format
 * @param objectMapper a JSON mapper configured as the host's
 */
public record HostServices(Clock clock, String hostName, PrometheusMeterRegistry metrics, ObjectMapper objectMapper) {

    /** The name under which the host name is bound. */
    public static final String HOST_NAME = "hostName";

    /**
     * The services of a normal process: system clock, the machine's host name, fresh registry and mapper; the
     * registry also has the process's JVM and system metrics and {@code theia_build_info}.
     */
    public static HostServices defaults() {
        HostServices services = named(localHostName());
        ProcessMetrics.bindTo(services.metrics());
        return services;
    }

    /** The default services under another host name (tests, or a host known by a name of its own). */
    public static HostServices named(String hostName) {
        return new HostServices(Clock.systemUTC(), hostName, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ConfigMappers.json());
    }

    /** The Guice module binding these services. */
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(Clock.class).toInstance(clock);
                bind(String.class).annotatedWith(Names.named(HOST_NAME)).toInstance(hostName);
                bind(MeterRegistry.class).toInstance(metrics);
                bind(PrometheusMeterRegistry.class).toInstance(metrics);
                bind(ObjectMapper.class).toInstance(objectMapper);
            }
        };
    }

    private static String localHostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }
}
