package io.theia.core.internal.runtime;

import static io.theia.api.testkit.PluginArchive.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreException;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.forward.ForwardingSink;
import io.theia.core.internal.forward.TestCollector;
import io.theia.core.internal.pipeline.IngestPipeline;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.PluginStatus;
import io.theia.core.internal.server.CollectorServer;
import io.theia.core.internal.server.ServerException;
import io.theia.core.testplugins.FileForwarder;
import io.theia.core.testplugins.FileForwarderConfig;
import io.theia.core.testplugins.FileForwarderFactory;
import io.theia.core.testplugins.MemoryStoreConfig;
import io.theia.core.testplugins.MemoryStoreFactory;
import io.theia.core.testplugins.TickConfig;
import io.theia.core.testplugins.TickSource;
import io.theia.core.testplugins.TickSourceFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each mode is composed of, in which order its parts start and close, and that a part failing to start
 * closes the parts already started: real plugins from archives, a real store, real listeners on 127.0.0.1.
 */
class ModeCompositionTest {

    @TempDir
    Path dir;

    private Path plugins;
    private final HostServices services = HostServices.named("test-host");

    @BeforeEach
    void writePlugins() throws Exception {
        plugins = dir.resolve("plugins");
        plugin("memory-store").extensions(MemoryStoreFactory.class)
                .classes(MemoryStoreConfig.class, InMemoryEventStore.class).writeTo(plugins);
        plugin("tick-source").extensions(TickSourceFactory.class).classes(TickSource.class, TickConfig.class)
                .writeTo(plugins);
        plugin("file-forwarder").extensions(FileForwarderFactory.class).classes(FileForwarderConfig.class,
                FileForwarder.class).writeTo(plugins);
    }

    @Test
    void aCollectorIsPluginsStorePipelineSourcesServerAndStatusClosedInReverse() throws Exception {
        PartStack parts = new PartStack();
        CollectorRuntime collector = CollectorRuntime.start(config("""
                store: {type: memory}
                server: {host: 127.0.0.1, port: 0}
                status: {host: 127.0.0.1, port: 0}
                sources:
                  - {type: tick, name: ticker, count: 3, prefix: t}
                """), services, parts);

        assertThat(names(parts.open())).containsExactly("plugins", "store", "ingest pipeline", "sources",
                "collector server", "status listener");
        assertThat(part(parts.open(), "store")).isSameAs(collector.store().orElseThrow());
        assertThat(part(parts.open(), "ingest pipeline")).isSameAs(collector.sink()).isInstanceOf(IngestPipeline.class);
        assertThat(part(parts.open(), "collector server")).isSameAs(collector.server().orElseThrow());
        assertThat(part(parts.open(), "status listener")).isSameAs(collector.statusServer().orElseThrow());
        assertThat(collector.sources()).extracting(SourceInfo::name, SourceInfo::running)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ticker", true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(collector.store().orElseThrow().get("t2").content()).isEqualTo("tick 2"));

        collector.close();

        assertThat(names(parts.closed())).containsExactly("status listener", "collector server", "sources",
                "ingest pipeline", "store", "plugins");
        assertThat(parts.open()).isEmpty();
    }

    @Test
    void aLiveOnlyCollectorWithoutServerHasNoStoreAndNoServerPart() throws Exception {
        PartStack parts = new PartStack();
        try (CollectorRuntime collector = CollectorRuntime.start(config("""
                store: {type: none}
                server: {enabled: false}
                """), services, parts)) {
            assertThat(names(parts.open())).containsExactly("plugins", "ingest pipeline", "sources");
            assertThat(collector.store()).isEmpty();
            assertThat(collector.server()).isEmpty();
            assertThat(collector.statusServer()).isEmpty();
        }
    }

    @Test
    void aCollectorPartFailingToStartClosesThePartsStartedBeforeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PartStack parts = new PartStack();
            assertThatThrownBy(() -> CollectorRuntime.start(config("""
                    store: {type: memory}
                    server: {host: 127.0.0.1, port: 0}
                    status: {host: 127.0.0.1, port: %d}
                    sources:
                      - {type: tick, name: ticker, count: 3, prefix: t}
                    """.formatted(taken.getLocalPort())), services, parts))
                    .isInstanceOf(ServerException.class)
                    .hasMessageStartingWith("cannot start the status listener");

            assertThat(parts.open()).isEmpty();
            List<PartStack.Part> closed = parts.closed();
            assertThat(names(closed)).containsExactly("collector server", "sources", "ingest pipeline", "store",
                    "plugins");
            // Jetty's connector reports its local port as -2 once closed (-1 before it was opened)
            assertThat(((CollectorServer) part(closed, "collector server")).port()).isEqualTo(-2);
            assertThat(((IngestPipeline) part(closed, "ingest pipeline")).deliver(List.of(Event.create("/x",
                    List.of(), "late"))).toCompletableFuture()).isCompletedExceptionally();
            assertThatThrownBy(() -> ((EventStore) part(closed, "store")).get("t0"))
                    .isInstanceOf(EventStoreException.class);
            assertStopped((PluginHost) part(closed, "plugins"));
        }
    }

    @Test
    void aStoreFailingToOpenClosesOnlyThePlugins() throws Exception {
        PartStack parts = new PartStack();
        assertThatThrownBy(() -> CollectorRuntime.start(config("store: {type: memory, failOnOpen: true}"), services,
                parts)).isInstanceOf(PluginException.class);

        assertThat(names(parts.closed())).containsExactly("plugins");
    }

    @Test
    void anAgentIsPluginsForwardingSourcesAndStatusClosedInReverse() throws Exception {
        Path forwarded = dir.resolve("forwarded.txt");
        PartStack parts = new PartStack();
        AgentRuntime agent = AgentRuntime.start(config("""
                forward: {type: file, file: %s}
                status: {host: 127.0.0.1, port: 0}
                sources:
                  - {type: tick, name: ticker, count: 3, prefix: f}
                """.formatted(forwarded)), services, parts);

        assertThat(names(parts.open())).containsExactly("plugins", "forwarder", "sources", "status listener");
        assertThat(part(parts.open(), "forwarder")).isSameAs(agent.forwarding())
                .isInstanceOfSatisfying(PluginForwarding.class, forwarding ->
                        assertThat(forwarding.sink()).isSameAs(agent.sink()).extracting(sink -> sink.getClass()
                                .getName()).isEqualTo(FileForwarder.class.getName()));
        assertThat(agent.store()).isEmpty();
        assertThat(agent.server()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.exists(forwarded)
                ? Files.readAllLines(forwarded) : List.of()).containsExactly("f0", "f1", "f2"));

        agent.close();

        assertThat(names(parts.closed())).containsExactly("status listener", "sources", "forwarder", "plugins");
    }

    @Test
    void anAgentPartFailingToStartClosesThePartsStartedBeforeIt() throws Exception {
        try (TestCollector collector = TestCollector.started();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PartStack parts = new PartStack();
            assertThatThrownBy(() -> AgentRuntime.start(config("""
                    forward: {host: 127.0.0.1, port: %d, acknowledge: true}
                    status: {host: 127.0.0.1, port: %d}
                    sources:
                      - {type: tick, name: ticker, count: 3, prefix: a}
                    """.formatted(collector.port(), taken.getLocalPort())), services, parts))
                    .isInstanceOf(ServerException.class)
                    .hasMessageStartingWith("cannot start the status listener");

            List<PartStack.Part> closed = parts.closed();
            assertThat(names(closed)).containsExactly("sources", "forwarding sink", "plugins");
            ForwardingSink sink = ((CollectorForwarding) part(closed, "forwarding sink")).sink();
            assertThat(sink.deliver(List.of(Event.create("/x", List.of(), "late"))).toCompletableFuture())
                    .isCompletedExceptionally();
            assertThat(services.metrics().scrape()).doesNotContain("theia_forward_");
            assertStopped((PluginHost) part(closed, "plugins"));
        }
    }

    @Test
    void eachModeRefusesTheOthersConfiguration() throws Exception {
        assertThatThrownBy(() -> CollectorRuntime.start(config("forward: {host: 127.0.0.1}"), services))
                .hasMessageContaining("forward (theia core): a collector forwards nothing");
        assertThatThrownBy(() -> AgentRuntime.start(config("store: {type: none}"), services))
                .hasMessageContaining("forward.host (theia core): an agent needs a target");
        assertThat(TheiaRuntime.start(config("server: {enabled: false}\nstore: {type: none}"), services))
                .isInstanceOf(CollectorRuntime.class).satisfies(TheiaRuntime::close);
    }

    /**
     * A closed plugin host has unloaded its archives (a running one lists the three, started) and lists plugins
     * found on the class path, if any, as stopped.
     */
    private static void assertStopped(PluginHost plugins) {
        assertThat(plugins.plugins()).allSatisfy(plugin -> assertThat(plugin.status()).isEqualTo(PluginStatus.STOPPED));
    }

    private static List<String> names(List<PartStack.Part> parts) {
        return parts.stream().map(PartStack.Part::name).toList();
    }

    private static Object part(List<PartStack.Part> parts, String name) {
        return parts.stream().filter(part -> part.name().equals(name)).findFirst().orElseThrow().part();
    }

    private Configuration config(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "\nstateDir: " + dir.resolve("state") + "\nplugins:\n  directories: ["
                + plugins + "]\n");
        return Configuration.load(file, Map.of(), Map.of());
    }
}
