package io.theia.core.internal.plugins;

/**
 * An extension and the plugin it comes from.
 *
 * @param pluginId the plugin's id; for an extension on the class path, the id of the plugin jar it is in, or
 *     {@value PluginHost#CLASS_PATH_ID}
 * @param extension the extension, created by the host
 * @param <T> the extension point
 */
public record Provided<T>(String pluginId, T extension) {

    /** Describes the owner for messages, e.g. {@code plugin theia-store-naive}. */
    public String owner() {
        return PluginHost.CLASS_PATH_ID.equals(pluginId) ? "the class path" : "plugin " + pluginId;
    }
}
