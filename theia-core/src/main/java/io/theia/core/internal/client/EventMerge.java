package io.theia.core.internal.client;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Merges the results several collectors gave for one query into the stores' strict order (docs/stores.md): by
 * timestamp in the query's order, then by id ascending. An id returned by more than one collector is kept once
 * (it can only be the same event, which has one timestamp, so only ids of one timestamp are remembered). The
 * query's limit is applied to the merge, after the duplicates are dropped.
 *
 * <p>Each input must already be in the query's strict order, as a theia collector sends it.
 */
public final class EventMerge {

    private EventMerge() {
    }

    /** The strict order of {@code order}: timestamp in that direction, then id ascending. */
    public static Comparator<Event> strictOrder(EventQuery.Order order) {
        Comparator<Event> byTime = Comparator.comparing(Event::timestamp);
        if (order == EventQuery.Order.DESC) {
            byTime = byTime.reversed();
        }
        return byTime.thenComparing(Event::id);
    }

    /** The k-way merge of {@code results} (each in the query's strict order), duplicates dropped, limit applied. */
    public static List<Event> merge(EventQuery query, List<? extends List<Event>> results) {
        Comparator<Event> strict = strictOrder(query.order());
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.<Head, Event>comparing(Head::event, strict)
                .thenComparingInt(Head::input));
        List<Iterator<Event>> inputs = new ArrayList<>();
        for (List<Event> result : results) {
            Iterator<Event> input = result.iterator();
            if (input.hasNext()) {
                heads.add(new Head(input.next(), inputs.size()));
            }
            inputs.add(input);
        }
        List<Event> merged = new ArrayList<>();
        Set<String> idsAtTimestamp = new HashSet<>();
        Instant timestamp = null;
        while (!heads.isEmpty() && merged.size() < query.limit()) {
            Head head = heads.poll();
            Iterator<Event> input = inputs.get(head.input());
            if (input.hasNext()) {
                heads.add(new Head(input.next(), head.input()));
            }
            Event event = head.event();
            if (!event.timestamp().equals(timestamp)) {
                timestamp = event.timestamp();
                idsAtTimestamp.clear();
            }
            if (idsAtTimestamp.add(event.id())) {
                merged.add(event);
            }
        }
        return merged;
    }

    private record Head(Event event, int input) {
    }
}
