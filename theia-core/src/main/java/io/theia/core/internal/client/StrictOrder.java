package io.theia.core.internal.client;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.util.Comparator;

/**
 * The stores' strict order (docs/stores.md), by which results of several collectors are merged: by timestamp in the
 * query's order, then by id ascending.
 */
public final class StrictOrder {

    private StrictOrder() {
    }

    /** The strict order of {@code order}: timestamp in that direction, then id ascending. */
    public static Comparator<Event> of(EventQuery.Order order) {
        Comparator<Event> byTime = Comparator.comparing(Event::timestamp);
        if (order == EventQuery.Order.DESC) {
            byTime = byTime.reversed();
        }
        return byTime.thenComparing(Event::id);
    }
}
