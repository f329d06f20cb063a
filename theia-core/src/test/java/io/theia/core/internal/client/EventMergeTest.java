package io.theia.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventMergeTest {

    private static final EventQuery ASC = EventQuery.builder().build();
    private static final EventQuery DESC = EventQuery.builder().order(EventQuery.Order.DESC).build();

    @Test
    void interleavesByTimestamp() {
        List<Event> a = List.of(event("a1", 1), event("a3", 3), event("a5", 5));
        List<Event> b = List.of(event("b2", 2), event("b4", 4), event("b6", 6));

        assertThat(ids(EventMerge.merge(ASC, List.of(a, b)))).containsExactly("a1", "b2", "a3", "b4", "a5", "b6");
    }

    @Test
    void breaksTiesByIdWhicheverCollectorSentThem() {
        List<Event> a = List.of(event("z", 1), event("c", 2));
        List<Event> b = List.of(event("m", 1), event("a", 2));

        assertThat(ids(EventMerge.merge(ASC, List.of(a, b)))).containsExactly("m", "z", "a", "c");
        assertThat(ids(EventMerge.merge(ASC, List.of(b, a)))).containsExactly("m", "z", "a", "c");
    }

    @Test
    void showsAnEventTwoCollectorsReturnedOnce() {
        List<Event> a = List.of(event("x", 1), event("y", 2), event("w", 3));
        List<Event> b = List.of(event("x", 1), event("q", 2), event("y", 2));

        assertThat(ids(EventMerge.merge(ASC, List.of(a, b)))).containsExactly("x", "q", "y", "w");
    }

    @Test
    void mergesDescendingWithIdsStillAscendingWithinATimestamp() {
        List<Event> a = List.of(event("a5", 5), event("b3", 3), event("a1", 1));
        List<Event> b = List.of(event("b4", 4), event("a3", 3), event("b2", 2));

        assertThat(ids(EventMerge.merge(DESC, List.of(a, b)))).containsExactly("a5", "b4", "a3", "b3", "b2", "a1");
    }

    @Test
    void appliesTheLimitAfterTheMergeAndAfterDroppingDuplicates() {
        EventQuery three = EventQuery.builder().limit(3).build();
        List<Event> a = List.of(event("a1", 1), event("d2", 2), event("a4", 4));
        List<Event> b = List.of(event("a1", 1), event("d2", 2), event("b3", 3));

        assertThat(ids(EventMerge.merge(three, List.of(a, b)))).containsExactly("a1", "d2", "b3");
    }

    @Test
    void anEmptyResultOrNoneAtAllMergesToTheOthers() {
        List<Event> a = List.of(event("a1", 1));

        assertThat(ids(EventMerge.merge(ASC, List.of(List.of(), a)))).containsExactly("a1");
        assertThat(EventMerge.merge(ASC, List.of())).isEmpty();
    }

    private static Event event(String id, long second) {
        return new Event(id, Instant.ofEpochSecond(second), "/test", List.of(), "content of " + id);
    }

    private static List<String> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }
}
