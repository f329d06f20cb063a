package io.theia.store.jdbc.testplugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes a real PF4J jar plugin: a manifest with the plugin's id and version, the class files of the given
 * classes, and the {@code META-INF/extensions.idx} that PF4J's annotation processor would write.
 */
public final class PluginArchive {

    private final String id;
    private final String version;
    private final List<Class<?>> classes = new ArrayList<>();
    private final List<Class<?>> extensions = new ArrayList<>();

    private PluginArchive(String id, String version) {
        this.id = id;
        this.version = version;
    }

    /** A plugin archive with this id and version 1.0.0. */
    public static PluginArchive plugin(String id) {
        return new PluginArchive(id, "1.0.0");
    }

    /** Adds extension classes (listed in extensions.idx) and their class files. */
    public PluginArchive extensions(Class<?>... types) {
        extensions.addAll(List.of(types));
        classes.addAll(List.of(types));
        return this;
    }

    /** Adds the class files of helper classes. */
    public PluginArchive classes(Class<?>... types) {
        classes.addAll(List.of(types));
        return this;
    }

    /** Writes the archive as {@code <id>-<version>.jar} into a directory and returns its path. */
    public Path writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = directory.resolve(id + "-" + version + ".jar");
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Plugin-Id", id);
        attributes.putValue("Plugin-Version", version);
        attributes.putValue("Plugin-Provider", "theia tests");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : classes) {
                String name = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("no class file for " + type.getName());
                    }
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            StringBuilder index = new StringBuilder();
            extensions.forEach(type -> index.append(type.getName()).append('\n'));
            out.write(index.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
