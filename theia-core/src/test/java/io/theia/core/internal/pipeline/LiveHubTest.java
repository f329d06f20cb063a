package io.theia.core.internal.pipeline;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LiveHubTest {

    private final LiveHub hub = new LiveHub();

    @Test
    void subscribersGetTheMatchingEventsPublishedAfterTheySubscribed() {
        hub.publish(List.of(event("before", 1, "error")), false);
        LiveSubscription errors = hub.subscribe(EventQuery.builder().content("error").build(), 10, here -> { });
        LiveSubscription all = hub.subscribe(EventQuery.all(), 10, here -> { });

        hub.publish(List.of(event("a", 2, "an error"), event("b", 3, "fine")), false);

        assertThat(drain(errors)).containsExactly("a");
        assertThat(drain(all)).containsExactly("a", "b");
        assertThat(hub.subscribers()).isEqualTo(2);
    }

    @Test
    void aFullQueueDropsAndCountsForThatSubscriberAlone() {
        AtomicInteger signals = new AtomicInteger();
        LiveSubscription slow = hub.subscribe(EventQuery.all(), 3, here -> signals.incrementAndGet());
        LiveSubscription fast = hub.subscribe(EventQuery.all(), 100, here -> { });
        List<Event> events = IntStream.range(0, 10).mapToObj(i -> event("e" + i, i, "x")).collect(Collectors.toList());

        hub.publish(events, false);

        assertThat(drain(slow)).containsExactly("e0", "e1", "e2");
        assertThat(slow.takeDropped()).isEqualTo(7);
        assertThat(slow.takeDropped()).isZero();
        assertThat(slow.droppedTotal()).isEqualTo(7);
        assertThat(drain(fast)).hasSize(10);
        assertThat(hub.dropped()).isEqualTo(7);
        assertThat(signals).hasValue(1);
    }

    @Test
    void aSubscriberWhoseWakeUpFailsNeitherFailsThePublisherNorStarvesTheOthers() {
        hub.subscribe(EventQuery.all(), 10, here -> {
            throw new java.util.concurrent.RejectedExecutionException("executor stopped");
        });
        LiveSubscription healthy = hub.subscribe(EventQuery.all(), 10, here -> { });

        hub.publish(List.of(event("a", 1, "x")), false);

        assertThat(drain(healthy)).containsExactly("a");
    }

    @Test
    void closedSubscriptionGetsNothingMore() {
        LiveSubscription subscription = hub.subscribe(EventQuery.all(), 10, here -> { });
        subscription.close();

        hub.publish(List.of(event("a", 1, "x")), false);

        assertThat(subscription.poll()).isNull();
        assertThat(hub.subscribers()).isZero();
    }

    private static List<String> drain(LiveSubscription subscription) {
        List<String> ids = new java.util.ArrayList<>();
        for (Event event = subscription.poll(); event != null; event = subscription.poll()) {
            ids.add(event.id());
        }
        return ids;
    }
}
