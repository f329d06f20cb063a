package io.theia.core.internal.plugins;

import io.theia.core.internal.config.PluginsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

/**
 * PF4J's plugin manager, told exactly which directories to read (never an implicit {@code ./plugins}), with
 * plugins enabled by configuration, extensions made by Guice, and archives that fail to load remembered.
 */
final class TheiaPluginManager extends DefaultPluginManager {

    private final Map<Path, Throwable> unloadable = new ConcurrentHashMap<>();

    TheiaPluginManager(PluginsConfig config, ExtensionFactory extensions) {
        super(config.directories());
        // PF4J calls the create* methods from its constructor, before subclass fields exist: assign after.
        this.pluginStatusProvider = new ConfiguredPluginStatusProvider(config);
        this.extensionFactory = extensions;
    }

    @Override
    protected List<Path> createPluginsRoot() {
        return List.of();
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        // Replaced in the constructor; PF4J's own provider would need a plugins directory to keep its files in.
        return new ConfiguredPluginStatusProvider(new PluginsConfig(null, null, null));
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException | LinkageError e) {
            unloadable.put(pluginPath, e);
            throw e;
        }
    }

    /** Plugin archives that could not be loaded, with the cause. */
    Map<Path, Throwable> unloadable() {
        return Map.copyOf(unloadable);
    }
}
