package io.theia.launcher;

import java.util.Optional;

/**
 * What became of one configured source of an embedded theia ({@link Theia#sources()}).
 *
 * @param name the source's name
 * @param type the source's type
 * @param pluginId the plugin providing the type
 * @param running whether it started and runs
 * @param failure why it did not start, when it did not: one line
 */
public record SourceState(String name, String type, String pluginId, boolean running, Optional<String> failure) {
}
