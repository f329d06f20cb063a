package io.theia.core.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theia.api.event.Event;
import io.theia.core.client.CollectorException;
import io.theia.core.config.ForwardBatchConfig;
import io.theia.core.config.ForwardConfig;
import io.theia.core.config.ForwardRetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The forwarding sink against a real collector on 127.0.0.1: stopped, restarted, silent, or losing its acks. */
class ForwardingSinkTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void everyEventIsStoredOnceAndADeliveryCompletesOnlyOnceItsEventsAreStored() throws Exception {
        TestCollector collector = closing(TestCollector.started());
        ForwardingSink sink = closing(sink(collector.port(), "auto", null, null));
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
        assertThat(registry.get("theia.forward.events.acknowledged").counter().count()).isEqualTo(all.size());
    }

    @Test
    void deliveriesWaitWhileTheCollectorIsDownAndArriveOnceItIsBack() throws Exception {
        TestCollector collector = closing(TestCollector.started());
        ForwardingSink sink = closing(sink(collector.port(), "auto", null, null));
        List<Event> before = events("before", 300);
        allDone(List.of(sink.deliver(before).toCompletableFuture()));

        collector.stop();
        List<Event> during = new ArrayList<>();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            List<Event> batch = events("during" + d, 100);
            during.addAll(batch);
            waiting.add(sink.deliver(batch).toCompletableFuture());
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> waiting.stream().noneMatch(CompletableFuture::isDone));

        collector.start();
        allDone(waiting);
        List<Event> expected = new ArrayList<>(before);
        expected.addAll(during);
        assertThat(ids(collector.stored())).hasSize(expected.size()).isEqualTo(ids(expected));
        assertThat(registry.get("theia.forward.reconnects").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void collectorRestartedWhileEventsFlowLosesNothingAndRetriesDoNotWedge() throws Exception {
        TestCollector collector = closing(TestCollector.started());
        ForwardingSink sink = closing(sink(collector.port(), "true", null, null));
        List<Event> all = new ArrayList<>();
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            List<Event> batch = events("flow" + d, 50);
            all.addAll(batch);
            deliveries.add(sink.deliver(batch).toCompletableFuture());
            if (d == 100) {
                collector.stop();
            }
            if (d == 200) {
                collector.start();
            }
        }

        allDone(deliveries);
        assertThat(ids(collector.stored())).hasSize(all.size()).isEqualTo(ids(all));
    }

    @Test
    void anAcknowledgementLostAfterTheEventsWereStoredIsRetriedWithoutAnError() throws Exception {
        TestCollector collector = closing(TestCollector.started());
        TcpProxy proxy = closing(new TcpProxy(collector.port()));
        ForwardingSink sink = closing(sink(proxy.port(), "auto", null, null));
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
        assertThat(registry.get("theia.forward.retries").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCollectorThatNeverAcknowledgesIsServedBestEffortInAutoMode() throws Exception {
        SilentCollector silent = closing(new SilentCollector());
        ForwardingSink sink = closing(sink(silent.port(), "auto", Duration.ofMillis(300), null));
        List<Event> all = new ArrayList<>();
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            List<Event> batch = events("quiet" + d, 100);
            all.addAll(batch);
            deliveries.add(sink.deliver(batch).toCompletableFuture());
        }

        allDone(deliveries);
        assertThat(sink.bestEffort()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> silent.received.size() >= all.size());
        assertThat(ids(silent.received)).hasSize(all.size()).isEqualTo(ids(all));
        assertThat(silent.queries).first().isEqualTo("ack=1");
        assertThat(silent.queries).last().isEqualTo("null");
        assertThat(registry.get("theia.forward.best.effort").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void acknowledgeFalseNeverAsksAndAcknowledgeTrueWaitsForever() throws Exception {
        SilentCollector silent = closing(new SilentCollector());
        ForwardingSink never = closing(sink(silent.port(), "false", null, null));
        List<Event> events = events("never", 50);
        allDone(List.of(never.deliver(events).toCompletableFuture()));
        assertThat(never.bestEffort()).isTrue();
        assertThat(silent.queries).containsOnly("null");

        ForwardingSink always = sink(silent.port(), "true", Duration.ofMillis(100), null);
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
        ForwardingSink sink = sink(deadPort, "auto", null, 5_000L);

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
        TestCollector collector = closing(TestCollector.started());
        ForwardingSink sink = closing(ForwardingSink.start(new ForwardConfig("127.0.0.1", collector.port(), "true",
                null, null, null, null, 1000L, null, null, Duration.ofSeconds(1)), registry));
        Event big = new Event("big", Instant.now(), "/test", List.of(), "x".repeat(2000));

        assertThatThrownBy(() -> sink.deliver(big).toCompletableFuture().get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CollectorException.class).hasMessageContaining("allowed per message");
        allDone(List.of(sink.deliver(events("small", 3)).toCompletableFuture()));
        assertThat(collector.stored()).hasSize(3);
    }

    private ForwardingSink sink(int port, String acknowledge, Duration ackTimeout, Long maxPendingBytes) {
        ForwardConfig config = new ForwardConfig("127.0.0.1", port, acknowledge, ackTimeout,
                new ForwardBatchConfig(200, null, Duration.ofMillis(5)),
                new ForwardRetryConfig(Duration.ofMillis(20), Duration.ofMillis(300)), null, null, maxPendingBytes,
                Duration.ofSeconds(5), Duration.ofSeconds(2));
        return ForwardingSink.start(config, registry);
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    static List<Event> events(String prefix, int count) {
        Instant now = Instant.now();
        return IntStream.range(0, count).mapToObj(i -> new Event(prefix + "-" + i, now, "/test/" + prefix,
                List.of("forward"), "line " + i + " of " + prefix)).toList();
    }

    static Set<String> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toSet());
    }

    static void allDone(List<CompletableFuture<Void>> deliveries) throws Exception {
        try {
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a delivery failed: " + e.getCause(), e.getCause());
        }
    }
}
