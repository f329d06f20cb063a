package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.SourceInfo;
import io.theia.core.internal.runtime.TheiaRuntime;
import io.theia.api.testkit.PluginArchive;
import io.theia.api.testkit.PluginArchiveCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;



import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as users get it: the archive this build packaged, loaded by PF4J into the real runtime, configured
 * from YAML, delivering into a store. This module's classes are kept off the class path (see the pom), so the
 * factory can only come from the archive.
 */
class FileSourcePluginIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.watcher.jar", "target/missing.jar"));

    @TempDir
    Path dir;

    private Path plugins;

    private final HostServices services = HostServices.named("test-host");

    @BeforeEach
    void installPlugins() throws Exception {
        plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(ARCHIVE, plugins.resolve(ARCHIVE.getFileName()));
        PluginArchive.memoryStore().writeTo(plugins);
    }

    @Test
    void theArchiveIsAPf4jPluginThatListsTheFactory() throws Exception {
        PluginArchiveCheck.assertPluginArchive(ARCHIVE, "theia-watcher", "io.theia.watcher.FileSourceFactory");
    }

    @Test
    void linesOfFollowedFilesAreStoredThroughTheRuntime() throws Exception {
        Path logs = dir.resolve("logs");
        Path app = logs.resolve("app.log");
        Files.createDirectories(logs);
        Files.writeString(app, "already there 1\nalready there 2\n");
        Path config = config("""
                store: {type: memory}
                sources:
                  - type: file
                    name: app-logs
                    paths: ["%s/**/*.log"]
                    directories: ["%s"]
                    exclude: ["*.gz"]
                    startAt: beginning
                    tags: [app]
                    encoding: UTF-8
                    multiline: {startPattern: '^\\S', timeout: 200ms}
                    maxLineBytes: 4096
                    pollInterval: 200ms
                    batchSize: 100
                    batchDelay: 10ms
                    maxInFlight: 2
                    rotatedFileTimeout: 1s
                """.formatted(logs, dir.resolve("flat")));

        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()), services)) {
            assertThat(runtime.sources()).extracting(SourceInfo::name, SourceInfo::pluginId, SourceInfo::running)
                    .containsExactly(tuple("app-logs", "theia-watcher", true));
            List<String> expected = new ArrayList<>(List.of("already there 1", "already there 2"));
            expected.addAll(LogFiles.appendNumbered(app, "app", 0, 500));
            expected.addAll(LogFiles.appendNumbered(logs.resolve("deeper/worker.log"), "worker", 0, 500));
            expected.addAll(LogFiles.appendNumbered(dir.resolve("flat/any-name"), "flat", 0, 100));
            LogFiles.appendNumbered(dir.resolve("flat/old.gz"), "excluded", 0, 10);
            LogFiles.append(logs.resolve("trace.log"), List.of("Exception: boom", "  at here", "  at there"));
            expected.add("Exception: boom\n  at here\n  at there");
            EventStore store = runtime.store().orElseThrow();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (Stream<Event> events = store.search(EventQuery.all())) {
                    assertThat(events.map(Event::content)).containsExactlyInAnyOrderElementsOf(expected);
                }
            });
            try (Stream<Event> events = store.search(EventQuery.all())) {
                assertThat(events).allSatisfy(event -> {
                    assertThat(event.tags()).containsExactly("app", "test-host");
                    assertThat(event.source()).startsWith(dir.toString());
                });
            }
            Path checkpoints = dir.resolve("state/sources/app-logs/checkpoints.tsv");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(checkpoints))
                    .contains("\t" + app + "\n").contains("\t" + logs.resolve("deeper/worker.log") + "\n"));
            // Per-source metrics: 1105 lines, 1103 events (three lines make one), every byte read, no file behind.
            long bytes = Files.size(app) + Files.size(logs.resolve("deeper/worker.log"))
                    + Files.size(dir.resolve("flat/any-name")) + Files.size(logs.resolve("trace.log"));
            assertThat(services.metrics().scrape()).contains(
                    "theia_source_lines_read_total{source=\"app-logs\"} 1105.0",
                    "theia_source_bytes_read_total{source=\"app-logs\"} " + bytes + ".0",
                    "theia_source_events_delivered_total{source=\"app-logs\"} 1103.0",
                    "theia_source_file_lag_bytes{file=\"" + app + "\",source=\"app-logs\"} 0.0");
        }
    }

    @Test
    void configurationMistakesAreReportedWithTheKeyAndThePlugin() throws Exception {
        Path typo = config("""
                store: {type: memory}
                sources:
                  - {type: file, pahts: [/var/log/syslog]}
                  - {type: file, startAt: never}
                """);

        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(typo, Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sources[0].pahts (plugin theia-watcher (source type file)): unknown key 'pahts'")
                .hasMessageContaining("paths / directories: give at least one file, glob or directory to follow")
                .hasMessageContaining("startAt: must be 'end' or 'beginning', not 'never'");
    }

    private Path config(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "\nstateDir: " + dir.resolve("state") + "\nplugins:\n  directories: ["
                + plugins + "]\nserver: {host: 127.0.0.1, port: 0}\n");
        return file;
    }
}
