/**
 * What a plugin author needs beyond the extension points: annotations for configuration records.
 *
 * <p>A plugin declares its settings as a plain record; the host binds the plugin's section of the configuration
 * file to it (with Jackson, so components use JSON-compatible types: strings, numbers, booleans, lists, nested
 * records, {@link java.nio.file.Path}, {@link java.time.Duration} written as {@code 500ms}, {@code 1s},
 * {@code 5m}, {@code 1h} or ISO-8601), rejecting unknown keys.
 */
package io.theia.api.plugin;
