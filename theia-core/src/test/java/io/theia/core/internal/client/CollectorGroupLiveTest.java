package io.theia.core.internal.client;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CollectorGroup#live} over real collectors on 127.0.0.1. */
class CollectorGroupLiveTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<RunningCollector> collectors = new ArrayList<>();
    private CollectorGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.close();
        }
        collectors.forEach(RunningCollector::close);
    }

    /** Events pushed to either collector arrive as they come; one both receive arrives once. */
    @Test
    void followsEveryCollectorAndDeliversAnEventBothSendOnce() throws Exception {
        start(2);
        Recorder recorder = new Recorder();
        try (MergedLive live = group.live(EventQuery.all(), 0, MergeOptions.strict(), recorder)) {
            for (int i = 0; i < 6; i++) {
                collectors.get(i % 2).push(List.of(now("l" + i)));
                int expected = i + 1;
                await().atMost(PATIENCE).until(() -> recorder.events.size() == expected);
            }
            Event both = now("both");
            collectors.get(0).push(List.of(both));
            collectors.get(1).push(List.of(both));
            collectors.get(0).push(List.of(now("after")));
            await().atMost(PATIENCE).until(() -> recorder.ids().contains("after"));
            assertThat(recorder.ids()).containsExactly("l0", "l1", "l2", "l3", "l4", "l5", "both", "after");
        }
    }

    /**
     * With a tail: the last events of both collectors together come first, oldest first, then new ones, each
     * once.
     */
    @Test
    void deliversTheLastEventsOfAllCollectorsThenNewOnes() throws Exception {
        start(2);
        collectors.get(0).push(List.of(event("a1", 1, "a1"), event("a3", 3, "a3"), event("a5", 5, "a5")));
        collectors.get(1).push(List.of(event("b2", 2, "b2"), event("b4", 4, "b4")));
        Recorder recorder = new Recorder();
        try (MergedLive live = group.live(EventQuery.all(), 3, MergeOptions.strict(), recorder)) {
            collectors.get(1).push(List.of(now("new")));
            await().atMost(PATIENCE).until(() -> recorder.ids().contains("new"));
            assertThat(recorder.ids()).containsExactly("a3", "b4", "a5", "new");
        }
    }

    /** A collector down when following starts fails it by name; with partial results, the other is followed. */
    @Test
    void aCollectorDownAtStartFailsFollowingUnlessPartialResultsAreAsked() throws Exception {
        start(2);
        RunningCollector down = collectors.get(1);
        down.close();

        assertThatThrownBy(() -> group.live(EventQuery.all(), 0, MergeOptions.strict(), new Recorder()))
                .isInstanceOfSatisfying(CollectorFailedException.class, failure -> assertThat(failure.collectors())
                        .containsExactly(down.uri()));

        Recorder recorder = new Recorder();
        try (MergedLive live = group.live(EventQuery.all(), 0, MergeOptions.allowingPartial(), recorder)) {
            assertThat(recorder.missing).singleElement().extracting(MissingCollector::collector)
                    .isEqualTo(down.uri());
            collectors.get(0).push(List.of(now("up")));
            await().atMost(PATIENCE).until(() -> recorder.ids().contains("up"));
        }
    }

    /**
     * A collector stopped while followed ends the follow with a failure naming it; with partial results, a notice
     * names it and the other is still followed.
     */
    @Test
    void aCollectorStoppedWhileFollowedEndsItByNameOrLeavesANotice() throws Exception {
        start(3);
        Recorder strict = new Recorder();
        Recorder partial = new Recorder();
        try (MergedLive failing = group.live(EventQuery.all(), 0, MergeOptions.strict(), strict);
                MergedLive going = group.live(EventQuery.all(), 0, MergeOptions.allowingPartial(), partial)) {
            RunningCollector stopped = collectors.get(2);
            stopped.close();

            CollectorFailedException failure = strict.closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(failure.collectors()).containsExactly(stopped.uri());
            assertThat(failure).hasMessageContaining(stopped.uri().toString());
            await().atMost(PATIENCE).until(() -> !partial.missing.isEmpty());
            assertThat(partial.missing).singleElement().extracting(MissingCollector::collector)
                    .isEqualTo(stopped.uri());
            collectors.get(0).push(List.of(now("still")));
            await().atMost(PATIENCE).until(() -> partial.ids().contains("still"));
            assertThat(partial.closed).isNotDone();
        }
    }

    private void start(int count) {
        for (int i = 0; i < count; i++) {
            collectors.add(new RunningCollector());
        }
        List<URI> uris = collectors.stream().map(RunningCollector::uri).toList();
        group = new CollectorGroup(uris, Duration.ofSeconds(10), ClientSecurity.NONE);
    }

    private static Event now(String id) {
        return new Event(id, Instant.now(), "/live", List.of(), id);
    }

    /** Records what a {@link MergedLive} delivers. */
    private static final class Recorder implements MergedLiveListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<MissingCollector> missing = new CopyOnWriteArrayList<>();
        final CompletableFuture<CollectorFailedException> closed = new CompletableFuture<>();

        @Override
        public void onEvent(Event event) {
            events.add(event);
        }

        @Override
        public void onMissing(MissingCollector notice) {
            missing.add(notice);
        }

        @Override
        public void onClosed(CollectorFailedException failure) {
            closed.complete(failure);
        }

        List<String> ids() {
            return events.stream().map(Event::id).toList();
        }
    }
}
