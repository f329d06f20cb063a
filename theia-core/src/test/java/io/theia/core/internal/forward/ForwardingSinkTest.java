package io.theia.core.internal.forward;

import static io.theia.core.internal.forward.SinkFixture.allDone;
import static io.theia.core.internal.forward.SinkFixture.events;
import static io.theia.core.internal.forward.SinkFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.core.internal.client.CollectorException;
import io.theia.core.internal.config.ForwardConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The forwarding sink against a real collector on 127.0.0.1: stopped, restarted, silent, or losing its acks. */
class ForwardingSinkTest {

    @RegisterExtension
    final SinkFixture fixture = new SinkFixture();

    @Test
    void everyEventIsStoredOnceAndADeliveryCompletesOnlyOnceItsEventsAreStored() throws Exception {
        TestCollector collector = fixture.closing(TestCollector.started());
        ForwardingSink sink = fixture.closing(fixture.sink(collector.port(), "auto", null, null));
        ConcurrentLinkedQueue<String> completedTooEarly = new ConcurrentLinkedQueue<>();

        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        List<Event> all = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            List<Event> batch = events("d" + d, 125);
            all.addAll(batch);
            deliveries.add(sink.deliver(batch).toCompletableFuture().thenRun(() -> batch.stream()
                    .filter(event -> collector.store.search(io.theia.api.store.EventQuery.all())
                            .noneMatch(stored -> stored.id().equals(event.id())))
                    .forEach(event -> completedTooEarly.add(event.id()))));
        }

        allDone(deliveries);
        assertThat(completedTooEarly).isEmpty();
        assertThat(ids(collector.stored())).hasSize(all.size()).isEqualTo(ids(all));
        assertThat(sink.bestEffort()).isFalse();
        assertThat(sink.pendingEvents()).isZero();
        assertThat(fixture.registry.get("theia.forward.events.acknowledged").counter().count()).isEqualTo(all.size());
    }

    @Test
    void deliveriesWaitWhileTheCollectorIsDownAndArriveOnceItIsBack() throws Exception {
        TestCollector collector = fixture.closing(TestCollector.started());
        ForwardingSink sink = fixture.closing(fixture.sink(collector.port(), "auto", null, null));
        List<Event> before = events("before", 300);
        allDone(List.of(sink.deliver(before).toCompletableFuture()));

        collector.stop();
        Deliveries during = Deliveries.of(sink, "during", 10, 100);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> during.pending().stream().noneMatch(CompletableFuture::isDone));

        collector.start();
        during.allDone();
        List<Event> expected = new ArrayList<>(before);
        expected.addAll(during.events());
        assertThat(ids(collector.stored())).hasSize(expected.size()).isEqualTo(ids(expected));
        assertThat(fixture.registry.get("theia.forward.reconnects").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void collectorRestartedWhileEventsFlowLosesNothingAndRetriesDoNotWedge() throws Exception {
        TestCollector collector = fixture.closing(TestCollector.started());
        ForwardingSink sink = fixture.closing(fixture.sink(collector.port(), "true", null, null));
        Deliveries deliveries = new Deliveries();
        for (int d = 0; d < 300; d++) {
            deliveries.deliver(sink, events("flow" + d, 50));
            if (d == 100) {
                collector.stop();
            }
            if (d == 200) {
                collector.start();
            }
        }

        deliveries.allDone();
        assertThat(ids(collector.stored())).hasSize(deliveries.events().size()).isEqualTo(ids(deliveries.events()));
    }

    @Test
    void anAcknowledgementLostAfterTheEventsWereStoredIsRetriedWithoutAnError() throws Exception {
        TestCollector collector = fixture.closing(TestCollector.started());
        TcpProxy proxy = fixture.closing(new TcpProxy(collector.port()));
        ForwardingSink sink = fixture.closing(fixture.sink(proxy.port(), "auto", null, null));
        List<Event> first = events("first", 10);
        allDone(List.of(sink.deliver(first).toCompletableFuture()));

        proxy.swallowReplies(true);
        List<Event> unlucky = events("unlucky", 300);
        CompletableFuture<Void> delivery = sink.deliver(unlucky).toCompletableFuture();
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(collector.stored()).containsAll(ids(unlucky)));
        assertThat(delivery).isNotDone();

        proxy.cutAll();
        proxy.swallowReplies(false);
        allDone(List.of(delivery));
        List<Event> expected = new ArrayList<>(first);
        expected.addAll(unlucky);
        assertThat(ids(collector.stored())).hasSize(expected.size()).isEqualTo(ids(expected));
        assertThat(fixture.registry.get("theia.forward.retries").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCollectorThatNeverAcknowledgesIsServedBestEffortInAutoMode() throws Exception {
        SilentCollector silent = fixture.closing(new SilentCollector());
        ForwardingSink sink = fixture.closing(fixture.sink(silent.port(), "auto", Duration.ofMillis(300), null));
        Deliveries deliveries = Deliveries.of(sink, "quiet", 20, 100);
        List<Event> all = deliveries.events();

        deliveries.allDone();
        assertThat(sink.bestEffort()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> silent.received.size() >= all.size());
        assertThat(ids(silent.received)).hasSize(all.size()).isEqualTo(ids(all));
        assertThat(silent.queries).first().isEqualTo("ack=1");
        assertThat(silent.queries).last().isEqualTo("null");
        assertThat(fixture.registry.get("theia.forward.best.effort").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void acknowledgeFalseNeverAsksAndAcknowledgeTrueWaitsForever() throws Exception {
        SilentCollector silent = fixture.closing(new SilentCollector());
        ForwardingSink never = fixture.closing(fixture.sink(silent.port(), "false", null, null));
        List<Event> events = events("never", 50);
        allDone(List.of(never.deliver(events).toCompletableFuture()));
        assertThat(never.bestEffort()).isTrue();
        assertThat(silent.queries).containsOnly("null");

        ForwardingSink always = fixture.sink(silent.port(), "true", Duration.ofMillis(100), null);
        CompletableFuture<Void> waiting = always.deliver(events("always", 5)).toCompletableFuture();
        await().atMost(Duration.ofSeconds(20)).until(() -> silent.received.size() == 55);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        always.close();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CollectorException.class)
                .hasMessageContaining("closed before");
    }

    @Test
    void aFullBufferRefusesAtOnceAndClosingFailsWhatIsPending() throws Exception {
        TestCollector collector = TestCollector.started();
        int deadPort = collector.port();
        collector.close();
        ForwardingSink sink = fixture.sink(deadPort, "auto", null, 5_000L);

        CompletableFuture<Void> pending = sink.deliver(events("held", 100)).toCompletableFuture();
        CompletableFuture<Void> refused = sink.deliver(events("refused", 1)).toCompletableFuture();

        assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(CollectorException.class)
                .hasMessageContaining("is full");
        assertThat(pending).isNotDone();
        sink.close();
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasMessageContaining("closed before");
        assertThatThrownBy(() -> sink.deliver(events("late", 1)).toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasMessageContaining("is closed");
    }

    @Test
    void anEventLargerThanAMessageFailsItsDeliveryInsteadOfRetryingForever() throws Exception {
        TestCollector collector = fixture.closing(TestCollector.started());
        ForwardingSink sink = fixture.closing(ForwardingSink.start(new ForwardConfig("127.0.0.1", collector.port(),
                "true", null, null, null, null, 1000L, null, null, Duration.ofSeconds(1)), fixture.registry));
        Event big = new Event("big", Instant.now(), "/test", List.of(), "x".repeat(2000));

        assertThatThrownBy(() -> sink.deliver(big).toCompletableFuture().get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CollectorException.class).hasMessageContaining("allowed per message");
        allDone(List.of(sink.deliver(events("small", 3)).toCompletableFuture()));
        assertThat(collector.stored()).hasSize(3);
    }
}
