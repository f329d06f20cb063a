package io.theia.core.internal.plugins;

/** What became of a plugin. */
public enum PluginStatus {
    /** Loaded and running; its extensions are in use. */
    STARTED,
    /** Not used, by configuration. */
    DISABLED,
    /** Could not be loaded, started or constructed; see its failure. */
    FAILED,
    /** Stopped, when the host shut down. */
    STOPPED
}
