package io.theia.source.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.PluginArchive;
import io.theia.api.testkit.PluginArchiveCheck;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.config.ConfigMappers;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.SourceInfo;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin in a running collector: util-linux logger sends over UDP and TCP, and the events come back
 * from the collector's {@code /find}. This module's classes are kept off the class path (see the pom).
 */
class SyslogPluginIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.plugin.jar", "target/missing.jar"));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path plugins;

    private final HostServices services = new HostServices(Clock.systemDefaultZone(), "test-host",
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ConfigMappers.json());

    @BeforeEach
    void installPlugins() throws Exception {
        plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(ARCHIVE, plugins.resolve(ARCHIVE.getFileName()));
        PluginArchive.memoryStore().writeTo(plugins);
    }

    @Test
    void theArchiveListsTheFactory() throws Exception {
        PluginArchiveCheck.assertPluginArchive(ARCHIVE, "theia-source-syslog",
                "io.theia.source.syslog.SyslogSourceFactory");
    }

    @Test
    void messagesFromLoggerReachTheCollector() throws Exception {
        int udpPort = freeUdpPort();
        int tcpPort = freeTcpPort();
        Path config = config("""
                store: {type: memory}
                sources:
                  - type: syslog
                    name: syslog-in
                    udp: 127.0.0.1:%d
                    tcp: 127.0.0.1:%d
                    tags: [syslog]
                    maxMessageBytes: 8192
                """.formatted(udpPort, tcpPort));

        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()), services)) {
            assertThat(runtime.sources()).extracting(SourceInfo::name, SourceInfo::pluginId, SourceInfo::running)
                    .containsExactly(tuple("syslog-in", "theia-source-syslog", true));
            UtilLinuxLogger.send(udpPort, "--udp", "--rfc5424", "-t", "web", "-p", "local0.info", "over udp");
            UtilLinuxLogger.send(tcpPort, "--tcp", "--rfc3164", "-t", "web", "-p", "local0.err", "over tcp");
            UtilLinuxLogger.send(tcpPort, "--tcp", "--rfc5424", "--octet-count", "-t", "web", "counted");

            try (CollectorClient client = new CollectorClient(runtime.server().orElseThrow().uri(), PATIENCE)) {
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        client.findAll(EventQuery.builder().tags("syslog", "web").build()))
                        .extracting(Event::content).containsExactlyInAnyOrder("over udp", "over tcp", "counted"));
                assertThat(client.findAll(EventQuery.builder().tags("local0", "err").build()))
                        .extracting(Event::content).containsExactly("over tcp");
            }
        }
    }

    @Test
    void mistakesInTheSettingsAreReportedWithPathAndPlugin() throws Exception {
        Path config = config("""
                store: {type: memory}
                sources:
                  - {type: syslog, udp: nowhere, maxMessageBytes: 1, port: 514}
                """);
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sources[0].port (plugin theia-source-syslog (source type syslog)): unknown key "
                        + "'port'; allowed keys: maxMessageBytes, tags, tcp, udp");
        Path invalid = config("""
                store: {type: memory}
                sources:
                  - {type: syslog, udp: nowhere, maxMessageBytes: 1}
                """);
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(invalid, Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sources[0] (plugin theia-source-syslog (source type syslog)): udp: 'nowhere' "
                        + "is not a listen address")
                .hasMessageContaining("maxMessageBytes: must be between 480");
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Path config(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "\nstateDir: " + dir.resolve("state") + "\nplugins:\n  directories: ["
                + plugins + "]\nserver: {host: 127.0.0.1, port: 0}\n");
        return file;
    }
}
