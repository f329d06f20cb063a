package io.theia.core.internal.plugins;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.theia.api.source.EventForwarderFactory;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.store.EventStoreFactory;
import io.theia.core.internal.config.PluginsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugins from the configured directories and the class path, constructs their extensions with the host's
 * Guice injector and indexes the store and source factories by type.
 *
 * <p>A plugin that fails to load, start or construct is marked {@link PluginStatus#FAILED} with its cause and
 * the others go on; two plugins that claim one type make {@link #start()} fail naming both. Plugins stop in
 * reverse order of their start. Start and close from one thread; the queries are thread-safe after start.
 */
public final class PluginHost implements AutoCloseable {

    /** The id under which extensions found on the class path are reported. */
    public static final String CLASS_PATH_ID = "classpath";

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<EventStoreFactory<?>> STORE_POINT = (Class) EventStoreFactory.class;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<EventSourceFactory<?>> SOURCE_POINT = (Class) EventSourceFactory.class;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<EventForwarderFactory<?>> FORWARDER_POINT = (Class) EventForwarderFactory.class;

    private final PluginsConfig config;
    private final TheiaPluginManager manager;
    private final ClassPathPlugins classPathDescriptors = new ClassPathPlugins();
    private final Map<String, String> classPathPlugins = new LinkedHashMap<>();
    private volatile boolean closed;
    private final Map<String, Throwable> extensionFailures = new LinkedHashMap<>();
    private final Map<String, List<String>> extensionNames = new LinkedHashMap<>();
    private final Map<String, Provided<EventStoreFactory<?>>> stores = new LinkedHashMap<>();
    private final Map<String, Provided<EventSourceFactory<?>>> sources = new LinkedHashMap<>();
    private final Map<String, Provided<EventForwarderFactory<?>>> forwarders = new LinkedHashMap<>();

    /** A host for the configured plugins whose extensions are created with the given services. */
    public PluginHost(PluginsConfig config, HostServices services) {
        this.config = config;
        Injector injector = Guice.createInjector(services.module());
        this.manager = new TheiaPluginManager(config, new GuiceExtensionFactory(injector));
    }

    /**
     * Loads and starts the plugins and indexes their factories.
     *
     * @throws PluginException when two plugins claim the same type, naming both
     */
    public void start() {
        for (Path directory : config.directories()) {
            if (!Files.isDirectory(directory)) {
                LOG.warn("Plugin directory {} does not exist; no plugins loaded from it", directory);
            }
        }
        if (!config.directories().isEmpty()) {
            // Without directories (embedded, class path only) PF4J would only warn that it has no plugin roots.
            manager.loadPlugins();
        }
        manager.startPlugins();
        List<String> conflicts = new ArrayList<>();
        index(STORE_POINT, EventStoreFactory::type, "store", stores, conflicts);
        index(SOURCE_POINT, EventSourceFactory::type, "source", sources, conflicts);
        index(FORWARDER_POINT, EventForwarderFactory::type, "forwarder", forwarders, conflicts);
        if (!conflicts.isEmpty()) {
            throw new PluginException(String.join("; ", conflicts));
        }
        for (PluginInfo plugin : plugins()) {
            if (plugin.status() == PluginStatus.FAILED) {
                LOG.error("Plugin {} failed: {}", plugin.id(), plugin.failureMessage());
            } else {
                LOG.info("Plugin {} {} {} {}", plugin.id(), plugin.version(), plugin.status(), plugin.extensions());
            }
        }
    }

    /** The store factory for a type, with its plugin; empty when no started plugin provides it. */
    public Optional<Provided<EventStoreFactory<?>>> storeFactory(String type) {
        return Optional.ofNullable(stores.get(type));
    }

    /** The source factory for a type, with its plugin; empty when no started plugin provides it. */
    public Optional<Provided<EventSourceFactory<?>>> sourceFactory(String type) {
        return Optional.ofNullable(sources.get(type));
    }

    /** The forwarder factory for a {@code forward.type}, with its plugin; empty when no started plugin provides it. */
    public Optional<Provided<EventForwarderFactory<?>>> forwarderFactory(String type) {
        return Optional.ofNullable(forwarders.get(type));
    }

    /** Every forwarder type on offer, with the plugin that offers it, for messages; empty when there is none. */
    public String forwarderTypes() {
        return describe(forwarders);
    }

    /** Every store type on offer, with the plugin that offers it, for messages; empty when there is none. */
    public String storeTypes() {
        return describe(stores);
    }

    /** Every source type on offer, with the plugin that offers it, for messages; empty when there is none. */
    public String sourceTypes() {
        return describe(sources);
    }

    /** Marks a started plugin failed, e.g. when its store could not be created, and stops it. */
    public void markFailed(String pluginId, Throwable cause) {
        extensionFailures.put(pluginId, cause);
        if (!CLASS_PATH_ID.equals(pluginId) && manager.getPlugin(pluginId) != null) {
            manager.stopPlugin(pluginId);
        }
    }

    /**
     * Every plugin and its state: those found on the class path first, then those of the plugin directories in
     * load order, then archives that failed to load.
     */
    public List<PluginInfo> plugins() {
        List<PluginInfo> plugins = new ArrayList<>();
        PluginStatus classPathStatus = closed ? PluginStatus.STOPPED : PluginStatus.STARTED;
        classPathPlugins.forEach((id, version) -> plugins.add(info(id, version, classPathStatus)));
        for (PluginWrapper plugin : manager.getPlugins()) {
            plugins.add(info(plugin.getPluginId(), plugin.getDescriptor().getVersion(), status(plugin)));
        }
        manager.unloadable().forEach((path, cause) -> plugins.add(new PluginInfo(path.getFileName().toString(), "",
                PluginStatus.FAILED, List.of(), Optional.of(cause))));
        return plugins;
    }

    /** Stops the plugins in reverse order of their start and unloads them. */
    @Override
    public void close() {
        closed = true;
        manager.stopPlugins();
        manager.unloadPlugins();
    }

    private PluginInfo info(String id, String version, PluginStatus status) {
        Throwable failure = extensionFailures.get(id);
        return new PluginInfo(id, version, failure != null ? PluginStatus.FAILED : status,
                extensionNames.getOrDefault(id, List.of()), Optional.ofNullable(failure));
    }

    private PluginStatus status(PluginWrapper plugin) {
        PluginState state = plugin.getPluginState();
        if (state == PluginState.STARTED) {
            return PluginStatus.STARTED;
        }
        if (state == PluginState.DISABLED) {
            return PluginStatus.DISABLED;
        }
        if (state == PluginState.STOPPED) {
            return PluginStatus.STOPPED;
        }
        return PluginStatus.FAILED;
    }

    private <T> void index(Class<T> point, Function<T, String> type, String kind, Map<String, Provided<T>> index,
            List<String> conflicts) {
        List<Provided<T>> found = new ArrayList<>();
        try {
            for (T extension : manager.getExtensions(point, null)) {
                ClassPathPlugins.Descriptor plugin = classPathDescriptors.of(extension.getClass());
                if (config.allows(plugin.id())) {
                    found.add(new Provided<>(plugin.id(), extension));
                    classPathPlugins.put(plugin.id(), plugin.version());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            classPathPlugins.put(CLASS_PATH_ID, "");
            markFailed(CLASS_PATH_ID, e);
        }
        for (PluginWrapper plugin : List.copyOf(manager.getStartedPlugins())) {
            String owner = plugin.getPluginId();
            if (extensionFailures.containsKey(owner)) {
                continue;
            }
            try {
                manager.getExtensions(point, owner).forEach(extension -> found.add(new Provided<>(owner, extension)));
            } catch (RuntimeException | LinkageError e) {
                markFailed(owner, e);
            }
        }
        for (Provided<T> provided : found) {
            String name = type.apply(provided.extension());
            Provided<T> previous = index.putIfAbsent(name, provided);
            if (previous != null) {
                conflicts.add(previous.owner() + " and " + provided.owner() + " both provide the " + kind
                        + " type '" + name + "'");
            }
            extensionNames.computeIfAbsent(provided.pluginId(), key -> new ArrayList<>()).add(kind + ":" + name);
        }
    }

    private static String describe(Map<String, ? extends Provided<?>> index) {
        List<String> described = new ArrayList<>();
        index.forEach((type, provided) -> described.add(type + " (" + provided.owner() + ")"));
        return String.join(", ", described);
    }
}
