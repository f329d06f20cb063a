package io.theia.core.internal.forward;

import static io.theia.core.internal.forward.SinkFixture.allDone;
import static io.theia.core.internal.forward.SinkFixture.events;
import static io.theia.core.internal.forward.SinkFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forwarding sink against a collector that behaves as the original Python one was measured to
 * ({@link OriginalLikeCollector}): {@code /event?ack=1} answered with empty text frames and nothing stored, only the
 * first event of each message stored on {@code /event}. Every event must arrive; duplicates are allowed.
 */
class OriginalCollectorForwardingTest {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    final SinkFixture fixture = new SinkFixture();

    @Test
    void autoModeLosesNoEventOfManyMultiEventDeliveries() throws Exception {
        OriginalLikeCollector original = fixture.closing(new OriginalLikeCollector());
        ForwardingSink sink = fixture.closing(sink(original.port(), "auto"));
        Deliveries deliveries = Deliveries.of(sink, "orig", 20, 7);

        deliveries.allDone();
        assertThat(ids(original.stored)).containsAll(ids(deliveries.events()));
        assertThat(sink.bestEffort()).isTrue();
        assertThat(original.queries).first().isEqualTo("ack=1");
        assertThat(original.queries).last().isEqualTo("null");
    }

    @Test
    void theFirstDeliveryBeforeTheFallbackIsSentAgain() throws Exception {
        OriginalLikeCollector original = fixture.closing(new OriginalLikeCollector());
        ForwardingSink sink = fixture.closing(sink(original.port(), "auto"));
        List<Event> first = events("first", 7);

        allDone(List.of(sink.deliver(first).toCompletableFuture()));

        assertThat(ids(original.stored)).containsAll(ids(first));
    }

    @Test
    void acknowledgeFalseSendsOneEventPerMessage() throws Exception {
        OriginalLikeCollector original = fixture.closing(new OriginalLikeCollector());
        ForwardingSink sink = fixture.closing(sink(original.port(), "false"));
        List<Event> events = events("never", 50);

        allDone(List.of(sink.deliver(events).toCompletableFuture()));

        assertThat(ids(original.stored)).isEqualTo(ids(events));
        assertThat(original.queries).containsOnly("null");
    }

    @Test
    void acknowledgeTrueNeverCountsAnEmptyReplyAsStored() throws Exception {
        OriginalLikeCollector original = fixture.closing(new OriginalLikeCollector());
        ForwardingSink sink = fixture.closing(sink(original.port(), "true"));

        CompletableFuture<Void> waiting = sink.deliver(events("always", 5)).toCompletableFuture();

        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        assertThat(original.queries).containsOnly("ack=1");
        assertThat(original.stored).isEmpty();
    }

    @Test
    void aCollectorThatDoesNotAnswerAtAllGetsTheFirstMessageAgainAfterTheAckTimeout() throws Exception {
        OriginalLikeCollector silent = fixture.closing(new OriginalLikeCollector(0, true));
        ForwardingSink sink = fixture.closing(sink(silent.port(), "auto", Duration.ofMillis(300)));
        List<Event> first = events("unanswered", 7);

        allDone(List.of(sink.deliver(first).toCompletableFuture()));

        assertThat(ids(silent.stored)).isEqualTo(ids(first));
        assertThat(sink.bestEffort()).isTrue();
    }

    @Test
    void aCollectorReplacedByOneThatDoesNotAcknowledgeGetsEverythingUnacknowledgedAgain() throws Exception {
        TestCollector ours = fixture.closing(TestCollector.started());
        int port = ours.port();
        ForwardingSink sink = fixture.closing(sink(port, "auto"));
        allDone(List.of(sink.deliver(events("ours", 7)).toCompletableFuture()));
        assertThat(sink.bestEffort()).isFalse();
        ours.stop();

        OriginalLikeCollector original = fixture.closing(new OriginalLikeCollector(port, false));
        Deliveries later = Deliveries.of(sink, "later", 5, 7);

        later.allDone();
        assertThat(ids(original.stored)).containsAll(ids(later.events()));
        assertThat(sink.bestEffort()).isTrue();
    }

    @Test
    void inBestEffortADeliveryIsDoneOnlyOnceTheCollectorReceivedItNotWhenWritten() throws Exception {
        OriginalLikeCollector original = fixture.closing(new OriginalLikeCollector());
        TcpProxy proxy = fixture.closing(new TcpProxy(original.port()));
        ForwardingSink sink = fixture.closing(sink(proxy.port(), "false"));
        allDone(List.of(sink.deliver(events("before", 3)).toCompletableFuture()));

        proxy.swallowReplies(true);
        List<Event> unconfirmed = events("unconfirmed", 5);
        CompletableFuture<Void> delivery = sink.deliver(unconfirmed).toCompletableFuture();
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(original.stored).containsAll(ids(unconfirmed)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !delivery.isDone());

        proxy.cutAll();
        proxy.swallowReplies(false);
        allDone(List.of(delivery));
        assertThat(fixture.registry.get("theia.forward.reconnects").counter().count()).isGreaterThanOrEqualTo(1);
    }

    private ForwardingSink sink(int port, String acknowledge) {
        return sink(port, acknowledge, ACK_TIMEOUT);
    }

    private ForwardingSink sink(int port, String acknowledge, Duration ackTimeout) {
        return fixture.sink(port, acknowledge, ackTimeout, null);
    }
}
