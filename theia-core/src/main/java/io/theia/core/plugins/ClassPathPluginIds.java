package io.theia.core.plugins;

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
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds the plugin id of an extension found on the class path: the {@code Plugin-Id} of the manifest of the jar it
 * comes from, or the {@code plugin.id} of a {@code plugin.properties} beside its classes (a module's build output
 * in development). Extensions from anywhere else belong to {@value PluginHost#CLASS_PATH_ID}. Thread-safe.
 */
final class ClassPathPluginIds {

    private final Map<Path, String> idsByLocation = new ConcurrentHashMap<>();

    String idOf(Class<?> extensionClass) {
        CodeSource source = extensionClass.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return PluginHost.CLASS_PATH_ID;
        }
        Path location = toPath(source.getLocation());
        return location == null ? PluginHost.CLASS_PATH_ID : idsByLocation.computeIfAbsent(location, this::read);
    }

    private String read(Path location) {
        try {
            if (Files.isDirectory(location)) {
                Path properties = location.resolve("plugin.properties");
                if (Files.isRegularFile(properties)) {
                    Properties descriptor = new Properties();
                    try (InputStream in = Files.newInputStream(properties)) {
                        descriptor.load(in);
                    }
                    return orDefault(descriptor.getProperty("plugin.id"));
                }
                return PluginHost.CLASS_PATH_ID;
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                Manifest manifest = jar.getManifest();
                return manifest == null ? PluginHost.CLASS_PATH_ID
                        : orDefault(manifest.getMainAttributes().getValue("Plugin-Id"));
            }
        } catch (IOException e) {
            return PluginHost.CLASS_PATH_ID;
        }
    }

    private static String orDefault(String id) {
        return id == null || id.isBlank() ? PluginHost.CLASS_PATH_ID : id.trim();
    }

    private static Path toPath(URL url) {
        try {
            return "file".equals(url.getProtocol()) ? Path.of(url.toURI()) : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
