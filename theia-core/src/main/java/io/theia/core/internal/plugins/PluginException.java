package io.theia.core.internal.plugins;

import io.theia.api.TheiaException;

/** The plugins cannot work together, or a needed plugin failed; the message names the plugins. */
public class PluginException extends TheiaException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the plugins involved. */
    public PluginException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming the plugin, and the plugin's failure. */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
