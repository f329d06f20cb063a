package io.theia.core.internal.client;

/**
 * How a search on {@code /find} ended.
 *
 * @param events how many events were received
 * @param closedByCollector true when the collector closed the stream after its last event (the Java collector
 *     always does); false when it ended because nothing came for the idle timeout (the original Python collector
 *     never closes a {@code /find} stream), so later events may have been missed if the collector was merely slow
 */
public record FindOutcome(long events, boolean closedByCollector) {
}
