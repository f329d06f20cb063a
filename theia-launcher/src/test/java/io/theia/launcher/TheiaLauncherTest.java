package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.TheiaException;
import io.theia.api.store.EventQuery;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API: typed values stay typed on their way into the configuration, and nothing of theia-core is
 * handed out.
 */
class TheiaLauncherTest {

    @Test
    void theFacadeNamesNoTheiaCoreType() {
        List<String> offending = new ArrayList<>();
        for (Class<?> type : List.of(Theia.class, TheiaLauncher.class, TheiaLauncher.Builder.class,
                PluginState.class, SourceState.class)) {
            for (Method method : type.getMethods()) {
                List<Type> named = new ArrayList<>(List.of(method.getGenericParameterTypes()));
                named.add(method.getGenericReturnType());
                named.stream().map(Type::getTypeName).filter(name -> name.contains("io.theia.core."))
                        .forEach(name -> offending.add(type.getSimpleName() + "." + method.getName() + ": " + name));
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void theFacadeReportsPluginsSourcesTheServerAndMetricsInItsOwnTypes(@TempDir Path dir) throws Exception {
        Instant fixed = Instant.parse("2026-01-02T03:04:05Z");
        try (Theia theia = TheiaLauncher.builder().environment(Map.of()).set("store.type", "none")
                .set("server.host", "127.0.0.1").set("server.port", 0).set("stateDir", dir.resolve("state"))
                .hostName("embedded-host").clock(Clock.fixed(fixed, ZoneOffset.UTC)).start()) {
            assertThat(theia.serverUri()).hasValueSatisfying(uri -> assertThat(uri.toString())
                    .startsWith("ws://127.0.0.1:").doesNotEndWith(":0"));
            assertThat(theia.sources()).isEmpty();
            assertThat(theia.plugins()).allSatisfy(plugin -> assertThat(plugin.status())
                    .isIn(PluginState.Status.STARTED, PluginState.Status.DISABLED));
            assertThat(theia.metricsText()).contains("theia_build_info");
        }
    }

    @Test
    void aPluginDirectoryWithACommaInItsPathStaysOneDirectory(@TempDir Path dir) throws Exception {
        Path withComma = Files.createDirectories(dir.resolve("opt/my,plugins"));
        Path other = Files.createDirectories(dir.resolve("more"));

        try (Theia theia = TheiaLauncher.builder().set("store.type", "none").set("server.enabled", false)
                .set("stateDir", dir.resolve("state")).pluginDirectory(withComma).pluginDirectory(other).start()) {
            assertThat(theia.pluginDirectories()).containsExactly(withComma, other);
        }
    }

    @Test
    void aListSettingGivenAsAListKeepsItsItemsWhole(@TempDir Path dir) throws Exception {
        Path withComma = Files.createDirectories(dir.resolve("a,b"));

        try (Theia theia = TheiaLauncher.builder().set("store.type", "none").set("server.enabled", false)
                .set("stateDir", dir.resolve("state")).set("plugins.directories", List.of(withComma)).start()) {
            assertThat(theia.pluginDirectories()).containsExactly(withComma);
        }
    }

    /** An embedded agent forwards what it is given; it keeps no store and no live stream of its own. */
    @Test
    void anEmbeddedAgentRefusesStoreAndLiveAndServesNothing(@TempDir Path dir) throws Exception {
        try (ServerSocket collector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Theia theia = TheiaLauncher.builder().environment(Map.of()).set("forward.host", "127.0.0.1")
                        .set("forward.port", collector.getLocalPort()).set("stateDir", dir.resolve("state")).start()) {
            assertThat(theia.serverUri()).isEmpty();
            assertThatThrownBy(theia::store).isInstanceOf(TheiaException.class)
                    .hasMessage("theia runs without a store (store.type: none)");
            assertThatThrownBy(() -> theia.live(EventQuery.all(), event -> { })).isInstanceOf(TheiaException.class)
                    .hasMessageStartingWith("theia runs as an agent (forward section)");
        }
    }
}
