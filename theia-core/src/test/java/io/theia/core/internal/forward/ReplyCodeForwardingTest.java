package io.theia.core.internal.forward;

import static io.theia.core.internal.forward.SinkFixture.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.event.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent decides on the reply codes of {@code /event} ({@code docs/protocol.md}), never on the reply's words. */
class ReplyCodeForwardingTest {

    @RegisterExtension
    final SinkFixture fixture = new SinkFixture();

    @Test
    void aRefusalCodedAlreadyStoredCountsAsDeliveredWhateverItsText() throws Exception {
        // a third-party store words its duplicate error its own way; the code is what counts
        ScriptedCollector collector = fixture.closing(new ScriptedCollector((seq, count) ->
                "{\"error\": \"events not stored: clé en double\", \"seq\": " + seq + ", \"code\": \"already_stored\"}"));
        ForwardingSink sink = fixture.closing(fixture.sink(collector.port(), "true", null, null));
        List<Event> events = events("dup", 3);

        sink.deliver(events).toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(fixture.registry.get("theia.forward.events.acknowledged").counter().count()).isEqualTo(3);
        assertThat(sink.bestEffort()).isFalse();
    }

    @Test
    void aRefusalSayingAlreadyStoredInWordsOnlyIsSentAgainNotCountedAsDelivered() throws Exception {
        // the first answer has no code (a collector older than the codes), the second a code that says otherwise
        ScriptedCollector collector = fixture.closing(new ScriptedCollector((seq, count) -> switch (count) {
            case 1 -> "{\"error\": \"events not stored: an event with id 'x-0' is already stored\", \"seq\": "
                    + seq + "}";
            case 2 -> "{\"error\": \"events not stored: an event with id 'x-0' is already stored\", \"seq\": "
                    + seq + ", \"code\": \"not_stored\"}";
            default -> "{\"ack\": " + seq + ", \"code\": \"stored\"}";
        }));
        ForwardingSink sink = fixture.closing(fixture.sink(collector.port(), "true", null, null));

        CompletableFuture<Void> delivery = sink.deliver(events("x", 1)).toCompletableFuture();
        delivery.get(20, TimeUnit.SECONDS);

        assertThat(collector.messages.get()).isEqualTo(3);
        assertThat(fixture.registry.get("theia.forward.retries").counter().count()).isGreaterThanOrEqualTo(2);
        assertThat(fixture.registry.get("theia.forward.events.acknowledged").counter().count()).isEqualTo(1);
    }
}
