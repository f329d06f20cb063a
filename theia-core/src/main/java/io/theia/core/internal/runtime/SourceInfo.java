package io.theia.core.internal.runtime;

import java.util.Optional;

/**
 * What became of one configured source.
 *
 * @param name the source's name
 * @param type the source's type
 * @param pluginId the plugin providing the type
 * @param running whether it started and runs
 * @param failure why it did not start, when it did not
 */
public record SourceInfo(String name, String type, String pluginId, boolean running, Optional<Throwable> failure) {
}
