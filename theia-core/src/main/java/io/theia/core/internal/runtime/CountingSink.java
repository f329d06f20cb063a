package io.theia.core.internal.runtime;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.source.SourceMetrics;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A source's sink that counts, for every source alike, the events it delivered ({@code events_delivered_total})
 * and those whose delivery failed ({@code events_failed_total}).
 */
final class CountingSink implements EventSink {

    private final EventSink sink;
    private final SourceMetrics.Counter delivered;
    private final SourceMetrics.Counter failed;

    CountingSink(EventSink sink, SourceMetrics metrics) {
        this.sink = sink;
        this.delivered = metrics.counter("events_delivered_total", "Events the source delivered and the sink took");
        this.failed = metrics.counter("events_failed_total", "Events whose delivery failed (the source retries)");
    }

    @Override
    public CompletionStage<Void> deliver(List<Event> events) {
        return sink.deliver(events).whenComplete((ignored, failure) ->
                (failure == null ? delivered : failed).increment(events.size()));
    }
}
