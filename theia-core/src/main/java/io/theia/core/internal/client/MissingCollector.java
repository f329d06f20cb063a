package io.theia.core.internal.client;

import java.net.URI;

/**
 * The notice that goes with partial results ({@link MergeOptions#partial()}): {@code collector} (its base address)
 * is missing from them because of {@code failure}. Events it sent before it failed are part of the results; what it
 * would have sent after is not.
 *
 * @param collector the collector's base address, e.g. {@code ws://collector2:6433}
 * @param failure why it is missing: unreachable, refused, broke off
 * @param eventsReceived how many of its events arrived before it failed (0 when it never answered)
 */
public record MissingCollector(URI collector, CollectorException failure, long eventsReceived) {
}
