package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.testkit.TestHost;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileSourceFactoryTest {

    @Test
    void theFactoryIsTheFileTypeAndIsListedInTheExtensionIndexOfItsClasses() throws Exception {
        FileSourceFactory factory = new FileSourceFactory(TestHost.SYSTEM);
        assertThat(factory.type()).isEqualTo("file");
        assertThat(factory.configType()).isEqualTo(FileSourceConfig.class);

        URL classes = FileSourceFactory.class.getProtectionDomain().getCodeSource().getLocation();
        try (InputStream index = new URL(classes, "META-INF/extensions.idx").openStream()) {
            assertThat(new String(index.readAllBytes(), StandardCharsets.UTF_8).lines())
                    .contains(FileSourceFactory.class.getName());
        }
    }
}
