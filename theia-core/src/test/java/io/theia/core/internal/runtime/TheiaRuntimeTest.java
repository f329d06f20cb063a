package io.theia.core.internal.runtime;

import static io.theia.api.testkit.PluginArchive.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventStoreException;
import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.pipeline.LiveHub;
import io.theia.core.internal.pipeline.LiveSubscription;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginException;
import io.theia.core.internal.plugins.PluginInfo;
import io.theia.core.internal.plugins.PluginStatus;
import io.theia.core.testplugins.FileForwarder;
import io.theia.core.testplugins.FileForwarderConfig;
import io.theia.core.testplugins.FileForwarderFactory;
import io.theia.core.testplugins.MemoryStoreConfig;
import io.theia.core.testplugins.MemoryStoreFactory;
import io.theia.core.testplugins.TickConfig;
import io.theia.core.testplugins.TickSource;
import io.theia.core.testplugins.TickSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TheiaRuntimeTest {

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
    void aPluginsForwarderChosenByForwardTypeMakesAnAgentThatDeliversToIt() throws Exception {
        Path forwarded = dir.resolve("forwarded.txt");
        Path file = config("""
                forward:
                  type: file
                  file: %s
                sources:
                  - {type: tick, name: ticker, count: 7, prefix: f}
                """.formatted(forwarded));

        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(file, Map.of(), Map.of()), services)) {
            assertThat(runtime.configuration().agent()).isTrue();
            assertThat(runtime.store()).isEmpty();
            assertThat(runtime.server()).isEmpty();
            assertThat(runtime).isInstanceOfSatisfying(AgentRuntime.class, agent -> assertThat(agent.forwarding())
                    .isInstanceOf(PluginForwarding.class));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.exists(forwarded)
                    ? Files.readAllLines(forwarded) : List.of()).containsExactly("f0", "f1", "f2", "f3", "f4", "f5",
                    "f6"));
        }
    }

    @Test
    void anUnknownForwardTypeOrAWrongForwarderKeyIsReportedWithTheTypesOnOffer() throws Exception {
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(config("forward: {type: carrier-pigeon}"),
                Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("forward.type (theia core): no plugin provides the forward type "
                        + "'carrier-pigeon'; on offer: file (plugin file-forwarder)");
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(config("forward: {type: file, fiel: x}"),
                Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("forward.fiel (plugin file-forwarder (forward type file)): unknown key 'fiel'");
    }

    @Test
    void sourceEventsAreStoredAndAcknowledgedOnlyOnceDurable() throws Exception {
        Path file = config("""
                store:
                  type: memory
                sources:
                  - type: tick
                    name: ticker
                    count: 95
                    prefix: t
                    tags: [demo]
                """);

        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(file, Map.of(), Map.of()), services)) {
            EventStore store = runtime.store().orElseThrow();
            Path acked = dir.resolve("state/sources/ticker/acked.txt");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<String> ackedIds = Files.exists(acked) ? Files.readAllLines(acked) : List.of();
                assertThat(ackedIds).allSatisfy(id -> assertThat(store.get(id)).isNotNull());
                assertThat(ackedIds).hasSize(95);
            });

            Event first = store.get("t0");
            assertThat(first.tags()).containsExactly("demo", "test-host");
            assertThat(first.source()).isEqualTo("ticker");
            assertThat(runtime.sources()).singleElement().satisfies(source -> {
                assertThat(source.running()).isTrue();
                assertThat(source.pluginId()).isEqualTo("tick-source");
            });
            assertThat(runtime.plugins()).extracting(PluginInfo::id, PluginInfo::status).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("memory-store", PluginStatus.STARTED),
                    org.assertj.core.groups.Tuple.tuple("tick-source", PluginStatus.STARTED),
                    org.assertj.core.groups.Tuple.tuple("file-forwarder", PluginStatus.STARTED));
        }
    }

    @Test
    void closingStopsEverythingAndClosesTheStore() throws Exception {
        TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(config("store: {type: memory}"), Map.of(),
                Map.of()), services);
        EventStore store = runtime.store().orElseThrow();
        runtime.sink().deliver(List.of(Event.create("/x", List.of(), "hello"))).toCompletableFuture().get();

        runtime.close();
        runtime.close();

        assertThatThrownBy(() -> store.get("anything")).isInstanceOf(EventStoreException.class);
        assertThat(runtime.sink().deliver(Event.create("/x", List.of(), "late")).toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void liveOnlyModeStreamsWithoutAStore() throws Exception {
        Path file = config("""
                store: {type: none}
                sources:
                  - {type: tick, count: 5, prefix: live-}
                """);
        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(file, Map.of(), Map.of()), services)) {
            assertThat(runtime.store()).isEmpty();
        }
        Configuration configuration = Configuration.load(config("store: {type: none}"), Map.of(), Map.of());
        try (TheiaRuntime runtime = TheiaRuntime.start(configuration, services)) {
            LiveHub hub = ((CollectorRuntime) runtime).liveHub();
            LiveSubscription live = hub.subscribe(EventQuery.all(), 10, here -> { });
            runtime.sink().deliver(Event.create("/x", List.of(), "hello")).toCompletableFuture().get();
            assertThat(live.poll(Duration.ofSeconds(10)).content()).isEqualTo("hello");
        }
    }

    @Test
    void everyProblemOfStoreAndSourcesIsReportedAtOnce() throws Exception {
        Path file = config("""
                store:
                  type: memory
                  failOnOpn: true
                sources:
                  - type: tick
                    prefix: p
                  - type: nonesuch
                """);

        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(file, Map.of(), Map.of("sever.port", "1")),
                services))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems())
                        .extracting(ConfigProblem::path)
                        .containsExactly("store.failOnOpn", "sources[0].count", "sources[1].type", "sever.port"))
                .hasMessageContaining("store.failOnOpn (plugin memory-store (store type memory)): unknown key "
                        + "'failOnOpn'; allowed keys: failOnOpen")
                .hasMessageContaining("no plugin provides the source type 'nonesuch'; source types on offer: "
                        + "tick (plugin tick-source)");
    }

    @Test
    void unknownStoreTypeListsTheTypesOnOffer() throws Exception {
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(config("store: {type: cassandra}"),
                Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("store.type (theia core): no plugin provides the store type 'cassandra'; "
                        + "store types on offer: memory (plugin memory-store); 'none' keeps nothing");
    }

    @Test
    void storeThatFailsToOpenIsFatalNamingPluginAndCause() throws Exception {
        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(config("store: {type: memory, "
                + "failOnOpen: true}"), Map.of(), Map.of()), services))
                .isInstanceOf(PluginException.class)
                .hasMessage("the store 'memory' of plugin memory-store failed to open: cannot open the memory "
                        + "store: failOnOpen is set");
    }

    @Test
    void sourceThatFailsToStartIsMarkedFailedAndTheOthersRun() throws Exception {
        Path file = config("""
                store: {type: memory}
                sources:
                  - {type: tick, name: bad, count: 1, prefix: b, failOnStart: true}
                  - {type: tick, name: good, count: 3, prefix: g}
                """);
        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(file, Map.of(), Map.of()), services)) {
            assertThat(runtime.sources()).extracting(SourceInfo::name, SourceInfo::running).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("bad", false),
                    org.assertj.core.groups.Tuple.tuple("good", true));
            assertThat(runtime.sources().get(0).failure()).hasValueSatisfying(
                    cause -> assertThat(cause).hasMessageContaining("failOnStart is set"));
            EventStore store = runtime.store().orElseThrow();
            await().untilAsserted(() -> {
                try (Stream<Event> events = store.search(EventQuery.all())) {
                    assertThat(events.map(Event::id).collect(Collectors.toSet())).isEqualTo(Set.of("g0", "g1", "g2"));
                }
            });
        }
    }

    /** A run whose every source failed once said "started: 2 source(s)" and went on doing nothing. */
    @Test
    void aRunWhoseEverySourceFailsEndsNamingEachSourceAndWhy() throws Exception {
        Path file = config("""
                store: {type: memory}
                sources:
                  - {type: tick, name: first, count: 1, prefix: a, failOnStart: true}
                  - {type: tick, name: second, count: 1, prefix: b}
                """);
        Files.createDirectories(dir.resolve("state/sources"));
        Files.writeString(dir.resolve("state/sources/second"), "a file where the state directory should be");

        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(file, Map.of(), Map.of()), services))
                .isInstanceOf(SourceStartException.class)
                .hasMessageStartingWith("no source could start: 'first': tick source first cannot start: "
                        + "failOnStart is set; 'second': FileAlreadyExistsException: ");
    }

    private Path config(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "\nstateDir: " + dir.resolve("state") + "\nplugins:\n  directories: ["
                + plugins + "]\nserver: {host: 127.0.0.1, port: 0}\n");
        return file;
    }
}
