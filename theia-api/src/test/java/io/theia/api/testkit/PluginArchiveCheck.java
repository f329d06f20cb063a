package io.theia.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Checks a plugin archive that {@code mvn package} built, as a plugin's integration test does before it runs the
 * archive in a runtime: a PF4J plugin with an id, a version and a provider, that lists exactly its extensions,
 * bundles none of the host's classes (the API, PF4J, SLF4J, which the host provides), and whose classes are not on
 * the test's class path (so that what runs can only come from the archive).
 */
public final class PluginArchiveCheck {

    private PluginArchiveCheck() {
    }

    /**
     * Asserts all of the above.
     *
     * @param archive the plugin's jar
     * @param pluginId the id its manifest must carry
     * @param extensions the fully qualified names of the extensions it must list, and only those
     */
    public static void assertPluginArchive(Path archive, String pluginId, String... extensions) throws IOException {
        try (JarFile jar = new JarFile(archive.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Plugin-Id")).isEqualTo(pluginId);
            assertThat(manifest.getValue("Plugin-Version")).isNotBlank();
            assertThat(manifest.getValue("Plugin-Provider")).isNotBlank();
            JarEntry index = jar.getJarEntry("META-INF/extensions.idx");
            assertThat(index).as("META-INF/extensions.idx in " + archive).isNotNull();
            try (InputStream in = jar.getInputStream(index)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#")))
                        .containsExactlyInAnyOrder(extensions);
            }
            assertThat(jar.stream().map(JarEntry::getName)).noneMatch(name -> name.startsWith("io/theia/api/")
                    || name.startsWith("org/pf4j/") || name.startsWith("org/slf4j/"));
        }
        for (String extension : extensions) {
            assertThat(PluginArchiveCheck.class.getClassLoader().getResource(extension.replace('.', '/') + ".class"))
                    .as("the plugin's classes must not be on the test class path").isNull();
        }
    }
}
