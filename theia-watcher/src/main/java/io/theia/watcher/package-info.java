/**
 * The {@code file} source plugin: {@link io.theia.watcher.FileSourceFactory} and its settings,
 * {@link io.theia.watcher.FileSourceConfig}. Everything else in this package is the implementation.
 */
package io.theia.watcher;
