package io.theia.launcher;

import java.util.List;
import java.util.Optional;

/**
 * What an embedded theia knows of one plugin ({@link Theia#plugins()}).
 *
 * @param id the plugin id; extensions on the class path outside any plugin jar are listed under {@code class-path}
 * @param version the plugin version, empty when unknown
 * @param status what became of it
 * @param extensions the extensions it provides, e.g. {@code store:naive}, {@code source:file}
 * @param failure why it failed, when it did: one line
 */
public record PluginState(String id, String version, Status status, List<String> extensions,
        Optional<String> failure) {

    /** What became of a plugin. */
    public enum Status {
        /** Loaded and running; its extensions are in use. */
        STARTED,
        /** Not used, by configuration. */
        DISABLED,
        /** Could not be loaded, started or constructed; see the failure. */
        FAILED,
        /** Stopped, when theia shut down. */
        STOPPED
    }

    /** Copies the list. */
    public PluginState {
        extensions = List.copyOf(extensions);
    }
}
