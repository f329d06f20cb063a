package io.theia.core.internal.client;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CollectorGroup#find} over real collectors on 127.0.0.1. */
class CollectorGroupFindTest {

    private static final EventQuery ASC = EventQuery.all();
    private static final EventQuery DESC = EventQuery.builder().order(EventQuery.Order.DESC).build();
    /** What a collector packs into one frame at most (docs/protocol.md), in bytes. */
    private static final int FRAME_BYTES = 32 * 1024;

    private final List<RunningCollector> collectors = new ArrayList<>();
    private CollectorGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.close();
        }
        collectors.forEach(RunningCollector::close);
    }

    /**
     * Three collectors holding events of few distinct timestamps (many ties, within and across collectors, stored
     * in no id order, some on two collectors): the merge is in timestamp order, at a tie collector by collector, each
     * collector's events in the order it gives them alone (a source's lines of one timestamp stay in order), each id
     * once, both ways, and the limit counts the merged result.
     */
    @Test
    void mergesThreeCollectorsInTimestampOrderBothWaysWithTiesAndDuplicates() throws Exception {
        start(3);
        Random random = new Random(19);
        Map<String, Event> distinct = new LinkedHashMap<>();
        List<List<Event>> held = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 2999; i >= 0; i--) {
            // Ids inserted in descending order: a store returns ties in insertion order, not by id.
            Event event = event(String.format("e%05d", i), random.nextInt(40), random.nextInt(3) * 1000, "event " + i);
            distinct.put(event.id(), event);
            int collector = random.nextInt(3);
            held.get(collector).add(event);
            if (i % 10 == 0) {
                held.get((collector + 1) % 3).add(event);
            }
        }
        for (int c = 0; c < 3; c++) {
            collectors.get(c).push(held.get(c));
        }
        List<Event> ascending = expectedMerge(ASC);
        List<Event> descending = expectedMerge(DESC);
        assertThat(ascending).hasSize(distinct.size());
        group = group(collectors);

        assertThat(ids(all(group.find(ASC, MergeOptions.strict())))).containsExactlyElementsOf(ids(ascending));
        assertThat(ids(all(group.find(DESC, MergeOptions.strict().withBufferEvents(7)))))
                .containsExactlyElementsOf(ids(descending));
        // ~75 events a second, ~25 at each of its three nanosecond values: these limits cut runs of equal timestamps.
        for (int limit : new int[] {1, 5, 13, 40, 77, 150}) {
            assertThat(ids(all(group.find(ASC.toBuilder().limit(limit).build(), MergeOptions.strict()))))
                    .containsExactlyElementsOf(ids(ascending.subList(0, limit)));
            assertThat(ids(all(group.find(DESC.toBuilder().limit(limit).build(), MergeOptions.strict()))))
                    .containsExactlyElementsOf(ids(descending.subList(0, limit)));
            // The last N: the first N of the descending order, oldest first.
            List<Event> last = new ArrayList<>(descending.subList(0, limit));
            Collections.reverse(last);
            assertThat(ids(group.last(ASC, limit, MergeOptions.strict(), new ArrayList<>())))
                    .containsExactlyElementsOf(ids(last));
        }
    }

    /**
     * A large result read through small buffers: while the reader waits, each collector's stream is held with at most
     * the bound plus one frame received, far from all of it; then everything arrives in order and no buffer ever held
     * more than that.
     */
    @Test
    void aSlowReaderHoldsEveryCollectorBackWithinTheBufferBound() throws Exception {
        start(2);
        int perCollector = 20_000;
        int bound = 64;
        String content = "x".repeat(300);
        for (int c = 0; c < 2; c++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < perCollector; i++) {
                events.add(event("c" + c + "-" + i, i, c, content));
            }
            collectors.get(c).push(events);
        }
        int frameEvents = FRAME_BYTES / new EventWriter().encodeToArray(event("c0-0", 0, 0, content)).length + 1;
        group = group(collectors);

        try (MergedFind found = group.find(ASC, MergeOptions.strict().withBufferEvents(bound))) {
            assertThat(found.next().id()).isEqualTo("c0-0");
            await().atMost(Duration.ofSeconds(30)).until(found::everyStreamHeld);
            assertThat(found.received()).allSatisfy(received -> assertThat(received).isLessThanOrEqualTo(
                    bound + frameEvents));
            long count = 1;
            Event previous = null;
            while (found.hasNext()) {
                Event event = found.next();
                if (previous != null) {
                    assertThat(previous.timestamp()).isBefore(event.timestamp());
                }
                previous = event;
                count++;
            }
            assertThat(count).isEqualTo(2L * perCollector);
            assertThat(found.mostBuffered()).isLessThanOrEqualTo(bound + frameEvents);
        }
    }

    /** A group of one collector gives its last events oldest first, and fails naming it when it is down. */
    @Test
    void theLastEventsOfOneCollector() throws Exception {
        start(1);
        collectors.get(0).push(List.of(event("e1", 1, "e1"), event("e2", 2, "e2"), event("e3", 3, "e3"),
                event("e4", 4, "e4")));
        group = group(collectors);

        assertThat(ids(group.last(ASC, 3, MergeOptions.strict(), new ArrayList<>()))).containsExactly("e2", "e3", "e4");
        collectors.get(0).close();
        assertThatThrownBy(() -> group.last(ASC, 3, MergeOptions.allowingPartial(), new ArrayList<>()))
                .isInstanceOfSatisfying(CollectorFailedException.class, failure -> assertThat(failure.collectors())
                        .containsExactly(collectors.get(0).uri()));
    }

    /** A collector that is down when the query starts fails it with its address; partial results name it. */
    @Test
    void aCollectorDownAtStartFailsTheQueryByNameUnlessPartialResultsAreAsked() throws Exception {
        start(2);
        collectors.get(0).push(List.of(event("kept", 1, "kept")));
        RunningCollector down = collectors.get(1);
        down.close();
        group = group(collectors);

        assertThatThrownBy(() -> all(group.find(ASC, MergeOptions.strict())))
                .isInstanceOfSatisfying(CollectorFailedException.class, failure -> assertThat(failure.collectors())
                        .containsExactly(down.uri())).hasMessageContaining(down.uri().toString());

        try (MergedFind found = group.find(ASC, MergeOptions.allowingPartial())) {
            assertThat(ids(all(found))).containsExactly("kept");
            assertThat(found.missing()).singleElement().satisfies(notice -> {
                assertThat(notice.collector()).isEqualTo(down.uri());
                assertThat(notice.eventsReceived()).isZero();
            });
        }
    }

    /** With every collector down, even partial results fail, naming them all. */
    @Test
    void partialResultsStillFailWhenNoCollectorAnswers() {
        start(2);
        collectors.forEach(RunningCollector::close);
        group = group(collectors);

        assertThatThrownBy(() -> all(group.find(ASC, MergeOptions.allowingPartial())))
                .isInstanceOfSatisfying(CollectorFailedException.class, failure -> assertThat(failure.collectors())
                        .containsExactlyInAnyOrder(collectors.get(0).uri(), collectors.get(1).uri()));
    }

    /**
     * A collector stopped in the middle of a large result: without partial results the query fails naming it; with
     * them, every event of the other and what the stopped one sent before arrive, in order, with a notice.
     */
    @Test
    void aCollectorStoppedMidStreamFailsTheQueryOrLeavesANotice() throws Exception {
        for (boolean partial : new boolean[] {false, true}) {
            start(2);
            int perCollector = 20_000;
            for (int c = 0; c < 2; c++) {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < perCollector; i++) {
                    events.add(event("c" + c + "-" + i, i, c, "y".repeat(200)));
                }
                collectors.get(c).push(events);
            }
            RunningCollector stopped = collectors.get(1);
            group = group(collectors);
            MergeOptions options = new MergeOptions(partial, 64, null);
            try (MergedFind found = group.find(ASC, options)) {
                List<Event> read = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    read.add(found.next());
                }
                stopped.close();
                if (!partial) {
                    assertThatThrownBy(() -> found.forEachRemaining(read::add))
                            .isInstanceOfSatisfying(CollectorFailedException.class, failure -> assertThat(
                                    failure.collectors()).containsExactly(stopped.uri()))
                            .hasMessageContaining(stopped.uri().toString());
                    assertThat(read).hasSizeLessThan(2 * perCollector);
                } else {
                    found.forEachRemaining(read::add);
                    MissingCollector notice = found.missing().get(0);
                    assertThat(found.missing()).hasSize(1);
                    assertThat(notice.collector()).isEqualTo(stopped.uri());
                    assertThat(notice.eventsReceived()).isBetween(100L, perCollector - 1L);
                    assertThat(read.stream().filter(event -> event.id().startsWith("c0-"))).hasSize(perCollector);
                    assertThat(read.stream().filter(event -> event.id().startsWith("c1-")))
                            .hasSize((int) notice.eventsReceived());
                    assertThat(read).isSortedAccordingTo(TimeOrder.of(EventQuery.Order.ASC));
                }
            }
            stop();
            collectors.clear();
            group = null;
        }
    }

    private void start(int count) {
        for (int i = 0; i < count; i++) {
            collectors.add(new RunningCollector());
        }
    }

    static CollectorGroup group(List<RunningCollector> of) {
        List<URI> uris = of.stream().map(RunningCollector::uri).toList();
        return new CollectorGroup(uris, Duration.ofSeconds(10), ClientSecurity.NONE);
    }

    private static List<Event> all(MergedFind found) {
        try (found) {
            List<Event> events = new ArrayList<>();
            found.forEachRemaining(events::add);
            return events;
        }
    }

    /**
     * What the merge must give: each collector's own result (asked alone), one after the other, sorted stably by
     * timestamp, each id at its first place.
     */
    private List<Event> expectedMerge(EventQuery query) {
        List<Event> concatenated = new ArrayList<>();
        for (RunningCollector collector : collectors) {
            try (CollectorGroup one = group(List.of(collector))) {
                concatenated.addAll(all(one.find(query, MergeOptions.strict())));
            }
        }
        concatenated.sort(TimeOrder.of(query.order()));
        Set<String> seen = new HashSet<>();
        return concatenated.stream().filter(event -> seen.add(event.id())).toList();
    }

    private static List<String> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }
}
