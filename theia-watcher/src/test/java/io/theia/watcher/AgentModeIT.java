package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.PluginArchive;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.forward.ForwardingSink;
import io.theia.core.internal.forward.TestCollector;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.AgentRuntime;
import io.theia.core.internal.runtime.CollectorForwarding;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent mode end to end: real files, the packaged {@code file} source in an agent runtime forwarding to a real
 * collector on 127.0.0.1. Every test counts the lines written and the events stored.
 */
class AgentModeIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.watcher.jar", "target/missing.jar"));
    private static final int BATCH_SIZE = 100;
    private static final int SOURCE_IN_FLIGHT = 4;

    @TempDir
    Path dir;

    private Path agentPlugins;
    private Path collectorPlugins;
    private Path log;

    @BeforeEach
    void installPlugins() throws Exception {
        agentPlugins = Files.createDirectories(dir.resolve("agent-plugins"));
        Files.copy(ARCHIVE, agentPlugins.resolve(ARCHIVE.getFileName()));
        collectorPlugins = Files.createDirectories(dir.resolve("collector-plugins"));
        PluginArchive.memoryStore().writeTo(collectorPlugins);
        log = dir.resolve("logs/app.log");
        LogFiles.append(log, List.of());
    }

    @Test
    void linesOfAFileArriveAtTheCollectorExactlyOnce() throws Exception {
        Configuration collectorConfig = config(collectorPlugins, """
                store: {type: memory}
                server: {host: 127.0.0.1, port: 0}
                stateDir: %s
                """.formatted(dir.resolve("collector-state")));
        try (TheiaRuntime collector = TheiaRuntime.start(collectorConfig, services("collector-host"));
                AgentRuntime agent = startAgent(collector.server().orElseThrow().port());
                CollectorClient client = new CollectorClient(collector.server().orElseThrow().uri(),
                        Duration.ofSeconds(10))) {
            List<String> written = new ArrayList<>();
            for (int chunk = 0; chunk < 20; chunk++) {
                written.addAll(LogFiles.appendNumbered(log, "line", chunk * 250, 250));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> client.findAll(EventQuery.all()).size()
                    >= written.size());
            List<Event> found = client.findAll(EventQuery.all());
            assertThat(found).extracting(Event::content).hasSize(written.size())
                    .containsExactlyInAnyOrderElementsOf(written);
            assertThat(found).allSatisfy(event -> {
                assertThat(event.tags()).containsExactly("app", "agent-host");
                assertThat(event.source()).isEqualTo(log.toString());
            });
            assertThat(forwardingSink(agent).bestEffort()).isFalse();
        }
    }

    @Test
    void aCollectorStoppedWhileLinesAreWrittenLosesNothingOnceItIsBack() throws Exception {
        try (TestCollector collector = TestCollector.started();
                AgentRuntime agent = startAgent(collector.port())) {
            List<String> written = new ArrayList<>(LogFiles.appendNumbered(log, "up", 0, 3000));
            Thread writer = new Thread(() -> {
                for (int chunk = 0; chunk < 40; chunk++) {
                    LogFiles.appendNumbered(log, "flowing", chunk * 100, 100);
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.stored().size() >= 1000);

            collector.stop();
            written.addAll(LogFiles.appendNumbered(log, "down", 0, 2000));
            await().atMost(Duration.ofSeconds(30)).until(() -> forwardingSink(agent).pendingEvents() > 0);
            collector.start();
            writer.join();
            written.addAll(LogFiles.numbered("flowing", 0, 4000));
            written.addAll(LogFiles.appendNumbered(log, "again", 0, 1000));

            await().atMost(Duration.ofSeconds(90)).until(() -> collector.stored().size() >= written.size());
            assertThat(collector.stored()).extracting(Event::content).hasSize(written.size())
                    .containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void anAgentRestartedMidStreamLosesNothingAndRepeatsAtMostItsUnacknowledgedWindow() throws Exception {
        try (TestCollector collector = TestCollector.started()) {
            List<String> written = new ArrayList<>();
            try (AgentRuntime agent = startAgent(collector.port())) {
                for (int chunk = 0; chunk < 50; chunk++) {
                    written.addAll(LogFiles.appendNumbered(log, "first", chunk * 100, 100));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> collector.stored().size() >= 1000);
            }
            written.addAll(LogFiles.appendNumbered(log, "while-stopped", 0, 2000));
            try (AgentRuntime agent = startAgent(collector.port())) {
                written.addAll(LogFiles.appendNumbered(log, "second", 0, 3000));

                await().atMost(Duration.ofSeconds(90)).until(() -> collector.stored().stream()
                        .map(Event::content).collect(Collectors.toSet()).containsAll(written));
            }
            Map<String, Long> copies = collector.stored().stream()
                    .collect(Collectors.groupingBy(Event::content, Collectors.counting()));
            assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(written);
            long repeated = copies.values().stream().mapToLong(count -> count - 1).sum();
            assertThat(repeated).isLessThanOrEqualTo((long) BATCH_SIZE * SOURCE_IN_FLIGHT);
            assertThat(collector.stored()).hasSize(written.size() + (int) repeated);
        }
    }

    /** The agent's sink to the collector (the built-in forwarding, as {@code forward.host} configures). */
    private static ForwardingSink forwardingSink(AgentRuntime agent) {
        return ((CollectorForwarding) agent.forwarding()).sink();
    }

    private AgentRuntime startAgent(int collectorPort) throws Exception {
        return AgentRuntime.start(config(agentPlugins, """
                forward:
                  host: 127.0.0.1
                  port: %d
                  batch: {linger: 5ms}
                  retry: {initialBackoff: 50ms, maxBackoff: 500ms}
                sources:
                  - type: file
                    name: app
                    paths: ["%s"]
                    tags: [app]
                    startAt: beginning
                    pollInterval: 100ms
                    batchSize: %d
                    batchDelay: 5ms
                    maxInFlight: %d
                stateDir: %s
                """.formatted(collectorPort, log, BATCH_SIZE, SOURCE_IN_FLIGHT, dir.resolve("agent-state"))),
                services("agent-host"));
    }

    private Configuration config(Path plugins, String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "plugins:\n  directories: [" + plugins + "]\n");
        return Configuration.load(file, Map.of(), Map.of());
    }

    private static HostServices services(String hostName) {
        return HostServices.named(hostName);
    }
}
