/**
 * The {@code exec} source plugin: runs a command and turns each line it prints into an event.
 *
 * <p>The template for plugin authors: {@link io.theia.source.exec.ExecSourceConfig} (the settings record),
 * {@link io.theia.source.exec.ExecSourceFactory} (the extension the host finds), and the source itself in a few
 * small package-private classes. docs/writing-plugins.md walks through it.
 */
package io.theia.source.exec;
