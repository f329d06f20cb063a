package io.theia.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds which plugin an extension found on the class path belongs to: the {@code Plugin-Id} and
 * {@code Plugin-Version} of the manifest of the jar it comes from, or the {@code plugin.id} and
 * {@code plugin.version} of a {@code plugin.properties} beside its classes (a module's build output in
 * development). Extensions from anywhere else belong to {@value PluginHost#CLASS_PATH_ID}. Thread-safe.
 */
final class ClassPathPlugins {

    /** A plugin found on the class path; its version is empty when its descriptor gives none. */
    record Descriptor(String id, String version) {
    }

    private static final Descriptor UNNAMED = new Descriptor(PluginHost.CLASS_PATH_ID, "");

    private final Map<Path, Descriptor> byLocation = new ConcurrentHashMap<>();

    Descriptor of(Class<?> extensionClass) {
        CodeSource source = extensionClass.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return UNNAMED;
        }
        Path location = toPath(source.getLocation());
        return location == null ? UNNAMED : byLocation.computeIfAbsent(location, ClassPathPlugins::read);
    }

    private static Descriptor read(Path location) {
        try {
            if (Files.isDirectory(location)) {
                Path properties = location.resolve("plugin.properties");
                if (!Files.isRegularFile(properties)) {
                    return UNNAMED;
                }
                Properties descriptor = new Properties();
                try (InputStream in = Files.newInputStream(properties)) {
                    descriptor.load(in);
                }
                return descriptor(descriptor.getProperty("plugin.id"), descriptor.getProperty("plugin.version"));
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) {
                    return UNNAMED;
                }
                Attributes attributes = manifest.getMainAttributes();
                return descriptor(attributes.getValue("Plugin-Id"), attributes.getValue("Plugin-Version"));
            }
        } catch (IOException e) {
            return UNNAMED;
        }
    }

    private static Descriptor descriptor(String id, String version) {
        if (id == null || id.isBlank()) {
            return UNNAMED;
        }
        return new Descriptor(id.trim(), version == null ? "" : version.trim());
    }

    private static Path toPath(URL url) {
        try {
            return "file".equals(url.getProtocol()) ? Path.of(url.toURI()) : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
