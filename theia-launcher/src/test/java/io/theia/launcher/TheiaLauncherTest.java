package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API keeps typed values typed on their way into the configuration. */
class TheiaLauncherTest {

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
}
