/**
 * Event sources: the {@link io.theia.api.source.EventSourceFactory} extension point, the
 * {@link io.theia.api.source.EventSource} lifecycle and the {@link io.theia.api.source.EventSink}
 * a source delivers to.
 */
package io.theia.api.source;
