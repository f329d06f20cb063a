package io.theia.source.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.PluginArchive;
import io.theia.api.testkit.PluginArchiveCheck;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.SourceInfo;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;



import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of docs/writing-plugins.md, checked: the archive {@code mvn package} built is a PF4J plugin; copied into
 * a plugins directory it is loaded by a theia runtime, enabled by a {@code sources} entry, and its events reach the
 * store and the collector's {@code /find}; mistakes in its settings are reported with path, plugin and keys. This
 * module's classes are kept off the class path (see the pom), so everything comes from the archive.
 */
class ExecPluginIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("theia.plugin.jar", "target/missing.jar"));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path plugins;

    private final HostServices services = HostServices.named("test-host");

    @BeforeEach
    void installPlugins() throws Exception {
        // "Installing": copy the archive into the plugins directory. The memory store comes from the API's test kit.
        plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(ARCHIVE, plugins.resolve(ARCHIVE.getFileName()));
        PluginArchive.memoryStore().writeTo(plugins);
    }

    @Test
    void theArchiveIsAPf4jPluginThatListsTheFactoryAndBundlesNoHostClasses() throws Exception {
        PluginArchiveCheck.assertPluginArchive(ARCHIVE, "theia-source-exec", "io.theia.source.exec.ExecSourceFactory");
    }

    @Test
    void theInstalledPluginRunsItsCommandAndTheEventsReachTheCollector() throws Exception {
        Path config = config("""
                store: {type: memory}
                sources:
                  - type: exec
                    name: greetings
                    command: [sh, -c, "echo hello; echo world; echo oops >&2"]
                    tags: [demo]
                    workingDirectory: %s
                  - type: exec
                    name: ticks
                    command: [echo, tick]
                    every: 200ms
                """.formatted(dir));

        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()), services)) {
            assertThat(runtime.sources()).extracting(SourceInfo::name, SourceInfo::pluginId, SourceInfo::running)
                    .containsExactly(tuple("greetings", "theia-source-exec", true),
                            tuple("ticks", "theia-source-exec", true));
            try (CollectorClient client = new CollectorClient(runtime.server().orElseThrow().uri(), PATIENCE)) {
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        client.findAll(EventQuery.builder().tags("demo").build()))
                        .extracting(Event::content, Event::tags, Event::source)
                        .containsExactlyInAnyOrder(
                                tuple("hello", List.of("demo", "test-host"), "exec:greetings"),
                                tuple("world", List.of("demo", "test-host"), "exec:greetings"),
                                tuple("oops", List.of("demo", "test-host", "stderr"), "exec:greetings")));
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(client.findAll(EventQuery.all()))
                        .filteredOn(event -> event.source().equals("exec:ticks")).hasSizeGreaterThanOrEqualTo(3));
            }
        }
    }

    @Test
    void mistakesInTheSettingsAreReportedAllAtOnceWithPathPluginAndKeys() throws Exception {
        Path config = config("""
                store: {type: memory}
                sources:
                  - {type: exec, comand: [uptime]}
                  - {type: exec, command: [" "], every: 0s, tags: ["a,b"]}
                  - {type: exec, command: [uptime], every: often}
                """);

        assertThatThrownBy(() -> TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()), services))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sources[0].comand (plugin theia-source-exec (source type exec)): unknown key "
                        + "'comand'; allowed keys: command, every, tags, workingDirectory")
                .hasMessageContaining("sources[0].command (plugin theia-source-exec (source type exec)): missing "
                        + "required value")
                .hasMessageContaining("sources[1].command (plugin theia-source-exec (source type exec)): give "
                        + "the program to run")
                .hasMessageContaining("sources[1].every (plugin theia-source-exec (source type exec)): must be "
                        + "positive, not PT0S")
                .hasMessageContaining("sources[1].tags (plugin theia-source-exec (source type exec)): 'a,b' is not "
                        + "a valid tag")
                .hasMessageContaining("sources[2].every (plugin theia-source-exec (source type exec)): expected a "
                        + "duration such as 500ms, 1s, 5m, 2h, got 'often'");
    }

    @Test
    void aCommandThatCannotRunMarksOnlyItsSourceFailed() throws Exception {
        Path config = config("""
                store: {type: memory}
                sources:
                  - {type: exec, name: broken, command: [no-such-command-xyz]}
                  - {type: exec, name: fine, command: [echo, fine]}
                """);

        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()), services)) {
            assertThat(runtime.sources()).extracting(SourceInfo::name, SourceInfo::running)
                    .containsExactly(tuple("broken", false), tuple("fine", true));
            assertThat(runtime.sources().get(0).toString()).contains("cannot run [no-such-command-xyz]");
        }
    }

    private Path config(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "theia", ".yaml");
        Files.writeString(file, yaml + "\nstateDir: " + dir.resolve("state") + "\nplugins:\n  directories: ["
                + plugins + "]\nserver: {host: 127.0.0.1, port: 0}\n");
        return file;
    }
}
