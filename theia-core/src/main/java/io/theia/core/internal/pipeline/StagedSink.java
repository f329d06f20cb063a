package io.theia.core.internal.pipeline;

import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An {@link EventSink} whose deliveries report two steps: <em>saved</em> (the store has the events: later batches
 * may be handed over) and <em>durable</em> (the events are on stable storage: what an acknowledgement promises).
 * A caller that keeps its batches in order can so hand over the next batch while the last one is being forced,
 * and still answer each batch only once it is durable. {@link #deliver} completes with the durable step.
 */
public interface StagedSink extends EventSink {

    /**
     * Delivers events, in order.
     *
     * @return the two steps of this delivery; a failed save fails both, and the durable step never finishes
     *     normally before the saved step
     */
    Delivery deliverStaged(List<Event> events);

    /**
     * Like {@link #deliverStaged}, but the sink may do the saving on the calling thread, before this returns, when
     * that is quicker than handing the batch to another thread (e.g. nothing else is being saved and saves are
     * short). For callers that can afford to wait that long, such as a connection's reader; sources, which are
     * promised that delivering returns at once, use {@link #deliverStaged}. By default the same as it.
     */
    default Delivery deliverStagedHere(List<Event> events) {
        return deliverStaged(events);
    }

    @Override
    default CompletionStage<Void> deliver(List<Event> events) {
        return deliverStaged(events).durable();
    }

    /**
     * The sink itself if it reports the two steps, else a view of it whose two steps are both its completion (so
     * that nothing is handed over before the previous delivery is durably accepted).
     */
    static StagedSink of(EventSink sink) {
        if (sink instanceof StagedSink staged) {
            return staged;
        }
        return events -> {
            CompletionStage<Void> done = sink.deliver(events);
            return new Delivery(done, done);
        };
    }

    /**
     * The two steps of one delivery.
     *
     * @param saved finishes once the store has the events (visible to searches), exceptionally if it refused them
     * @param durable finishes once the events are on stable storage, exceptionally if that is not known
     */
    record Delivery(CompletionStage<Void> saved, CompletionStage<Void> durable) {
    }
}
