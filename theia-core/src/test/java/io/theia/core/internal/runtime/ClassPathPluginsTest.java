package io.theia.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginInfo;
import io.theia.core.internal.plugins.PluginStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no plugin directory at all, plugins on the class path (here the real naive store) run theia. */
class ClassPathPluginsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsRunTheNaiveStoreFoundOnTheClassPath() throws Exception {
        Path data = dir.resolve("data");
        Configuration configuration = Configuration.of(null, "test", Map.of(), Map.of("store.dataDir",
                data.toString(), "server.host", "127.0.0.1", "server.port", "0"));

        try (TheiaRuntime runtime = TheiaRuntime.start(configuration, HostServices.defaults())) {
            runtime.sink().deliver(Event.create("/app", List.of("demo"), "hello")).toCompletableFuture().get();

            try (Stream<Event> found = runtime.store().orElseThrow().search(EventQuery.all())) {
                assertThat(found.map(Event::content)).containsExactly("hello");
            }
            assertThat(runtime.plugins()).singleElement().satisfies(plugin -> {
                assertThat(plugin.status()).isEqualTo(PluginStatus.STARTED);
                assertThat(plugin.extensions()).containsExactly("store:naive");
            });
        }
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(path -> path.getFileName().toString())).anyMatch(name -> name.matches("\\d+-\\d+"));
        }
    }

    @Test
    void aDisabledClassPathPluginIsNotUsed() {
        Configuration configuration = Configuration.of(null, "test", Map.of(), Map.of("store.type", "none",
                "server.enabled", "false", "plugins.disabled", pluginIdOfTheNaiveStore()));

        try (TheiaRuntime runtime = TheiaRuntime.start(configuration, HostServices.defaults())) {
            assertThat(runtime.plugins()).extracting(PluginInfo::extensions).doesNotContain(List.of("store:naive"));
        }
    }

    private static String pluginIdOfTheNaiveStore() {
        Configuration configuration = Configuration.of(null, "test", Map.of(), Map.of("store.type", "none",
                "server.enabled", "false"));
        try (TheiaRuntime runtime = TheiaRuntime.start(configuration, HostServices.defaults())) {
            return runtime.plugins().get(0).id();
        }
    }
}
