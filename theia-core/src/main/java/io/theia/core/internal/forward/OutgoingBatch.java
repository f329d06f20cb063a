package io.theia.core.internal.forward;

import io.theia.api.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Events sent together, each with the delivery it belongs to. A batch is resent whole after a failure, or event by
 * event ({@link #oneByOne}) after the collector said some of it was already stored. Confined to one attempt at a
 * time: the sender thread and then the completion of that attempt.
 */
final class OutgoingBatch {

    final List<Event> events;
    private final Delivery[] owners;
    int attempts;
    long notBeforeNanos;
    boolean oneByOne;

    OutgoingBatch(List<Event> events, Delivery[] owners) {
        this.events = events;
        this.owners = owners;
    }

    int size() {
        return events.size();
    }

    /** Every event is acknowledged. */
    void acknowledged() {
        int start = 0;
        for (int i = 1; i <= owners.length; i++) {
            if (i == owners.length || owners[i] != owners[start]) {
                owners[start].acknowledged(i - start);
                start = i;
            }
        }
    }

    /** The event at {@code index} is acknowledged. */
    void acknowledged(int index) {
        owners[index].acknowledged(1);
    }

    /** Fails the deliveries of every event: the batch cannot be sent, however often it is tried. */
    void fail(Throwable cause) {
        for (Delivery owner : owners) {
            owner.fail(cause);
        }
    }

    /** A batch of the events at {@code indices}, to be sent again. */
    OutgoingBatch subset(List<Integer> indices) {
        List<Event> rest = new ArrayList<>(indices.size());
        Delivery[] restOwners = new Delivery[indices.size()];
        for (int i = 0; i < indices.size(); i++) {
            rest.add(events.get(indices.get(i)));
            restOwners[i] = owners[indices.get(i)];
        }
        OutgoingBatch batch = new OutgoingBatch(rest, restOwners);
        batch.attempts = attempts;
        batch.oneByOne = oneByOne;
        return batch;
    }
}
