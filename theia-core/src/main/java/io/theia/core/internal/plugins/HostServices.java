package io.theia.core.internal.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.plugin.Host;
import io.theia.core.internal.config.ConfigMappers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

/**
 * The services of a running host. Plugins get what they need of them through theia-api types only: an extension may
 * {@code @Inject} a {@link Host} (host name and clock); a source gets its name, sink, state directory and metrics
 * with its {@code SourceContext}. The metrics registry and the mapper are the host's own, not injected.
 *
 * @param clock the clock events are timestamped with
 * @param hostName this machine's name
 * @param metrics the metrics registry, exposed in Prometheus format
 * @param objectMapper a JSON mapper configured as the host's
 */
public record HostServices(Clock clock, String hostName, PrometheusMeterRegistry metrics, ObjectMapper objectMapper) {

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

    /** What plugins see of these services: the host name and the clock. */
    public Host host() {
        return new Host() {
            @Override
            public String hostName() {
                return hostName;
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public String toString() {
                return "Host[" + hostName + "]";
            }
        };
    }

    /** The Guice module binding what an extension may inject: the {@link Host}, and nothing else. */
    public Module module() {
        Host host = host();
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(Host.class).toInstance(host);
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
