package io.theia.core.forward;

import static io.theia.core.forward.ForwardingSinkTest.allDone;
import static io.theia.core.forward.ForwardingSinkTest.events;
import static io.theia.core.forward.ForwardingSinkTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theia.api.event.Event;
import io.theia.core.config.ForwardBatchConfig;
import io.theia.core.config.ForwardConfig;
import io.theia.core.config.ForwardRetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarding sink against a collector that behaves as the original Python one was measured to
 * ({@link OriginalLikeCollector}): {@code /event?ack=1} answered with empty text frames and nothing stored, only the
 * first event of each message stored on {@code /event}. Every event must arrive; duplicates are allowed.
 */
class OriginalCollectorForwardingTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void autoModeLosesNoEventOfManyMultiEventDeliveries() throws Exception {
        OriginalLikeCollector original = closing(new OriginalLikeCollector());
        ForwardingSink sink = closing(sink(original.port(), "auto"));
        List<Event> all = new ArrayList<>();
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            List<Event> batch = events("orig" + d, 7);
            all.addAll(batch);
            deliveries.add(sink.deliver(batch).toCompletableFuture());
        }

        allDone(deliveries);
        assertThat(ids(original.stored)).containsAll(ids(all));
        assertThat(sink.bestEffort()).isTrue();
        assertThat(original.queries).first().isEqualTo("ack=1");
        assertThat(original.queries).last().isEqualTo("null");
    }

    @Test
    void theFirstDeliveryBeforeTheFallbackIsSentAgain() throws Exception {
        OriginalLikeCollector original = closing(new OriginalLikeCollector());
        ForwardingSink sink = closing(sink(original.port(), "auto"));
        List<Event> first = events("first", 7);

        allDone(List.of(sink.deliver(first).toCompletableFuture()));

        assertThat(ids(original.stored)).containsAll(ids(first));
    }

    @Test
    void acknowledgeFalseSendsOneEventPerMessage() throws Exception {
        OriginalLikeCollector original = closing(new OriginalLikeCollector());
        ForwardingSink sink = closing(sink(original.port(), "false"));
        List<Event> events = events("never", 50);

        allDone(List.of(sink.deliver(events).toCompletableFuture()));

        assertThat(ids(original.stored)).isEqualTo(ids(events));
        assertThat(original.queries).containsOnly("null");
    }

    @Test
    void acknowledgeTrueNeverCountsAnEmptyReplyAsStored() throws Exception {
        OriginalLikeCollector original = closing(new OriginalLikeCollector());
        ForwardingSink sink = closing(sink(original.port(), "true"));

        CompletableFuture<Void> waiting = sink.deliver(events("always", 5)).toCompletableFuture();

        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        assertThat(original.queries).containsOnly("ack=1");
        assertThat(original.stored).isEmpty();
    }

    @Test
    void aCollectorThatDoesNotAnswerAtAllGetsTheFirstMessageAgainAfterTheAckTimeout() throws Exception {
        OriginalLikeCollector silent = closing(new OriginalLikeCollector(0, true));
        ForwardingSink sink = closing(sink(silent.port(), "auto", Duration.ofMillis(300)));
        List<Event> first = events("unanswered", 7);

        allDone(List.of(sink.deliver(first).toCompletableFuture()));

        assertThat(ids(silent.stored)).isEqualTo(ids(first));
        assertThat(sink.bestEffort()).isTrue();
    }

    @Test
    void aCollectorReplacedByOneThatDoesNotAcknowledgeGetsEverythingUnacknowledgedAgain() throws Exception {
        TestCollector ours = closing(TestCollector.started());
        int port = ours.port();
        ForwardingSink sink = closing(sink(port, "auto"));
        allDone(List.of(sink.deliver(events("ours", 7)).toCompletableFuture()));
        assertThat(sink.bestEffort()).isFalse();
        ours.stop();

        OriginalLikeCollector original = closing(new OriginalLikeCollector(port, false));
        List<Event> later = new ArrayList<>();
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            List<Event> batch = events("later" + d, 7);
            later.addAll(batch);
            deliveries.add(sink.deliver(batch).toCompletableFuture());
        }

        allDone(deliveries);
        assertThat(ids(original.stored)).containsAll(ids(later));
        assertThat(sink.bestEffort()).isTrue();
    }

    @Test
    void inBestEffortADeliveryIsDoneOnlyOnceTheCollectorReceivedItNotWhenWritten() throws Exception {
        OriginalLikeCollector original = closing(new OriginalLikeCollector());
        TcpProxy proxy = closing(new TcpProxy(original.port()));
        ForwardingSink sink = closing(sink(proxy.port(), "false"));
        allDone(List.of(sink.deliver(events("before", 3)).toCompletableFuture()));

        proxy.swallowReplies(true);
        List<Event> unconfirmed = events("unconfirmed", 5);
        CompletableFuture<Void> delivery = sink.deliver(unconfirmed).toCompletableFuture();
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(original.stored).containsAll(ids(unconfirmed)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !delivery.isDone());

        proxy.cutAll();
        proxy.swallowReplies(false);
        allDone(List.of(delivery));
        assertThat(registry.get("theia.forward.reconnects").counter().count()).isGreaterThanOrEqualTo(1);
    }

    private ForwardingSink sink(int port, String acknowledge) {
        return sink(port, acknowledge, Duration.ofSeconds(5));
    }

    private ForwardingSink sink(int port, String acknowledge, Duration ackTimeout) {
        ForwardConfig config = new ForwardConfig("127.0.0.1", port, acknowledge, ackTimeout,
                new ForwardBatchConfig(200, null, Duration.ofMillis(5)),
                new ForwardRetryConfig(Duration.ofMillis(20), Duration.ofMillis(300)), null, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(2));
        return ForwardingSink.start(config, registry);
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }
}
