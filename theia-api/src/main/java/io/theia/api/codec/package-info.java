/**
 * The theia serialized form of events (PROTOCOL.md section 2): {@link io.theia.api.codec.EventWriter}
 * and the streaming {@link io.theia.api.codec.EventReader}.
 */
package io.theia.api.codec;
