package io.theia.core.internal.client;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.util.Comparator;

/**
 * The order by which results of several collectors are merged: by timestamp in the query's order. Events of one
 * timestamp compare equal, so a stable sort or merge keeps them in the order their store returned them (a store keeps
 * a source's lines of one timestamp in the order they were stored: the watcher stamps the lines it reads at once with
 * one time).
 */
public final class TimeOrder {

    private TimeOrder() {
    }

    /** Timestamp in the direction of {@code order}; events of one timestamp are equal. */
    public static Comparator<Event> of(EventQuery.Order order) {
        Comparator<Event> ascending = Comparator.comparing(Event::timestamp);
        return order == EventQuery.Order.DESC ? ascending.reversed() : ascending;
    }
}
