package io.theia.core.internal.plugins;

import static io.theia.api.testkit.PluginArchive.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.testkit.InMemoryEventStore;
import io.theia.core.internal.config.PluginsConfig;
import io.theia.core.testplugins.BrokenSourceFactory;
import io.theia.core.testplugins.MemoryStoreConfig;
import io.theia.core.testplugins.MemoryStoreFactory;
import io.theia.core.testplugins.SecondMemoryStoreFactory;
import io.theia.core.testplugins.TickConfig;
import io.theia.core.testplugins.TickSource;
import io.theia.core.testplugins.TickSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

    @TempDir
    Path plugins;

    @Test
    void loadsPluginArchivesAndIndexesTheirFactories() throws Exception {
        writeMemoryStore();
        writeTickSource();

        try (PluginHost host = start(new PluginsConfig(List.of(plugins), null, null))) {
            assertThat(host.storeFactory("memory")).hasValueSatisfying(provided -> {
                assertThat(provided.pluginId()).isEqualTo("memory-store");
                assertThat(provided.extension().getClass().getClassLoader())
                        .isNotSameAs(getClass().getClassLoader());
            });
            assertThat(host.sourceFactory("tick")).isPresent();
            assertThat(host.plugins()).extracting(PluginInfo::id, PluginInfo::status, PluginInfo::extensions)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("memory-store", PluginStatus.STARTED,
                                    List.of("store:memory")),
                            org.assertj.core.groups.Tuple.tuple("tick-source", PluginStatus.STARTED,
                                    List.of("source:tick")));
        }
    }

    @Test
    void brokenPluginIsMarkedFailedAndTheOthersRun() throws Exception {
        writeMemoryStore();
        plugin("broken-source").extensions(BrokenSourceFactory.class).classes(MemoryStoreConfig.class)
                .writeTo(plugins);
        Files.write(plugins.resolve("garbage.jar"), new byte[] {1, 2, 3, 4});

        try (PluginHost host = start(new PluginsConfig(List.of(plugins), null, null))) {
            assertThat(host.storeFactory("memory")).isPresent();
            assertThat(host.sourceFactory("broken")).isEmpty();
            PluginInfo broken = host.plugins().stream().filter(p -> p.id().equals("broken-source")).findFirst()
                    .orElseThrow();
            assertThat(broken.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(broken.failureMessage()).contains("broken on purpose");
            assertThat(host.plugins()).filteredOn(p -> p.id().equals("garbage.jar")).singleElement()
                    .extracting(PluginInfo::status).isEqualTo(PluginStatus.FAILED);
        }
    }

    @Test
    void twoPluginsClaimingOneTypeAreRejectedNamingBoth() throws Exception {
        writeMemoryStore();
        plugin("other-memory").extensions(SecondMemoryStoreFactory.class)
                .classes(MemoryStoreFactory.class, MemoryStoreConfig.class, InMemoryEventStore.class)
                .writeTo(plugins);

        PluginHost host = new PluginHost(new PluginsConfig(List.of(plugins), null, null), HostServices.defaults());
        try {
            assertThatThrownBy(host::start)
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining("plugin memory-store")
                    .hasMessageContaining("plugin other-memory")
                    .hasMessageContaining("both provide the store type 'memory'");
        } finally {
            host.close();
        }
    }

    @Test
    void disabledPluginsAreNotStarted() throws Exception {
        writeMemoryStore();
        writeTickSource();

        try (PluginHost host = start(new PluginsConfig(List.of(plugins), null, List.of("tick-source")))) {
            assertThat(host.sourceFactory("tick")).isEmpty();
            assertThat(host.plugins()).filteredOn(p -> p.id().equals("tick-source")).singleElement()
                    .extracting(PluginInfo::status).isEqualTo(PluginStatus.DISABLED);
        }
        try (PluginHost host = start(new PluginsConfig(List.of(plugins), List.of("tick-source"), null))) {
            assertThat(host.storeFactory("memory")).isEmpty();
            assertThat(host.sourceFactory("tick")).isPresent();
        }
    }

    @Test
    void pluginsStopWhenTheHostCloses() throws Exception {
        writeMemoryStore();
        PluginHost host = start(new PluginsConfig(List.of(plugins), null, null));

        host.close();

        assertThat(host.plugins()).isEmpty();
    }

    @Test
    void aMissingPluginDirectoryLoadsNothing() {
        try (PluginHost host = start(new PluginsConfig(List.of(plugins.resolve("absent")), null, null))) {
            assertThat(host.plugins()).isEmpty();
            assertThat(host.storeTypes()).isEmpty();
        }
    }

    private PluginHost start(PluginsConfig config) {
        PluginHost host = new PluginHost(config, HostServices.defaults());
        host.start();
        return host;
    }

    private void writeMemoryStore() throws Exception {
        plugin("memory-store").extensions(MemoryStoreFactory.class)
                .classes(MemoryStoreConfig.class, InMemoryEventStore.class).writeTo(plugins);
    }

    private void writeTickSource() throws Exception {
        plugin("tick-source").extensions(TickSourceFactory.class).classes(TickSource.class, TickConfig.class)
                .writeTo(plugins);
    }
}
