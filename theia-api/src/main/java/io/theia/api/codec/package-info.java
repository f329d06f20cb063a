/**
 * The theia serialized form of events (docs/formats.md section 2): {@link io.theia.api.codec.EventWriter}
 * and the streaming {@link io.theia.api.codec.EventReader}.
 */
package io.theia.api.codec;
