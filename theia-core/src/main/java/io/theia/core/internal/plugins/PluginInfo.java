package io.theia.core.internal.plugins;

import java.util.List;
import java.util.Optional;

/**
 * What the host knows of one plugin. A plugin jar on the class path is reported by its own id; extensions on the
 * class path outside any plugin jar are reported together under the id {@value PluginHost#CLASS_PATH_ID}.
 *
 * @param id the plugin id (for an archive that could not be read, its file name)
 * @param version the plugin version, empty when unknown
 * @param status what became of it
 * @param extensions the extensions it provides, e.g. {@code store:naive}, {@code source:file}
 * @param failure why it failed, when it did
 */
public record PluginInfo(String id, String version, PluginStatus status, List<String> extensions,
        Optional<Throwable> failure) {

    /** Copies the list. */
    public PluginInfo {
        extensions = List.copyOf(extensions);
    }

    /** A one-line description of the failure, or an empty string. */
    public String failureMessage() {
        return failure.map(cause -> cause.getMessage() == null ? cause.toString() : cause.getMessage()).orElse("");
    }
}
